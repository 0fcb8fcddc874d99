import { describe, expect, it } from '@jest/globals';
import { actionsFor, answerOverdue, contactShown, INBOX_VIEWS, matchesSearch } from './inbox-rules';

describe("the department's referral inbox", () => {
  it('shows the contact the person consented to share, and says why there is none', () => {
    const consent = { basis: 'consent' };
    expect(
      contactShown({ sharingBasis: consent, contact: { phone: { number: '13905661234', confirmed: true } } }),
    ).toBe('shared');
    expect(contactShown({ sharingBasis: { basis: 'override' } })).toBe('not_consented');
    expect(contactShown({})).toBe('not_consented');
    expect(contactShown({ sharingBasis: consent })).toBe('not_received');
    expect(contactShown({ sharingBasis: consent, contact: {} })).toBe('not_received');
  });

  it('offers the moves the referral service allows from each state, in the order they are made', () => {
    expect(actionsFor('requested')).toEqual(['receipt', 'acceptance', 'rejection']);
    expect(actionsFor('received')).toEqual(['acceptance', 'rejection']);
    expect(actionsFor('accepted')).toEqual(['start', 'completion', 'failure']);
    expect(actionsFor('in_progress')).toEqual(['completion', 'failure']);
    for (const done of ['completed', 'rejected', 'failed', 'cancelled', 'awaiting_consent'] as const)
      expect(actionsFor(done)).toEqual([]);
  });

  it('puts every state a department sees in one view of the first three', () => {
    const shown = [...INBOX_VIEWS.answer, ...INBOX_VIEWS.serving, ...INBOX_VIEWS.done];
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown.sort()).toEqual(
      ['accepted', 'cancelled', 'completed', 'failed', 'in_progress', 'received', 'rejected', 'requested'].sort(),
    );
  });

  it('is late to answer only past the time limit while still to be received or accepted', () => {
    const now = Date.parse('2026-12-01T00:00:00.000Z');
    const past = '2026-11-30T00:00:00.000Z';
    const future = '2026-12-02T00:00:00.000Z';
    expect(answerOverdue({ status: 'requested', answerDueAt: past }, now)).toBe(true);
    expect(answerOverdue({ status: 'received', answerDueAt: past }, now)).toBe(true);
    expect(answerOverdue({ status: 'received', answerDueAt: future }, now)).toBe(false);
    expect(answerOverdue({ status: 'accepted', answerDueAt: past }, now)).toBe(false);
    expect(answerOverdue({ status: 'requested' }, now)).toBe(false);
  });

  it('finds a referral by its case number (or tail) or the start of the name', () => {
    const r = { caseNumber: 'CZ341702-2026-000022', person: { name: '李桂芳' } };
    expect(matchesSearch(r, undefined)).toBe(true);
    expect(matchesSearch(r, ' cz341702-2026-000022 ')).toBe(true);
    expect(matchesSearch(r, '000022')).toBe(true);
    expect(matchesSearch(r, '李桂')).toBe(true);
    expect(matchesSearch(r, '桂芳')).toBe(false);
  });
});
