import type { ResidentRequests } from '../src/data-access/intake-client';
import { whoseRequests } from '../src/domain/look-up-progress/whose-requests';
import type { ChatCase } from '../src/domain/resident-chats';

const request = (caseId: string, personId: string | undefined, nameMasked: string) => ({
  caseId,
  caseNumber: `CZ341702-2026-${caseId}`,
  ...(personId ? { applicant: { personId, nameMasked } } : {}),
  registeredAt: '2026-11-20T02:00:00.000Z',
  items: [{ itemCode: 'CZ-SH-01' }],
  status: { code: 'investigating', zh: '正在入户调查', en: 'Home visit under way' },
});
const filed = (caseId: string, over: Partial<ChatCase> = {}): ChatCase => ({
  caseId,
  caseNumber: `CZ341702-2026-${caseId}`,
  name: '张德明',
  itemCodes: ['CZ-SH-01'],
  linkedBy: 'filed',
  at: '2026-11-20T02:00:00.000Z',
  ...over,
});
const shownCases = (r: ReturnType<typeof whoseRequests>) => r.shown.map((s) => [s.caseNumber, s.whose]);

describe('which requests found by phone a chat may see (pure)', () => {
  it('a phone on one person’s file only: all of theirs, with whose they are, kept as the chat’s own', () => {
    const found: ResidentRequests = {
      person: { personId: 'p_a', name: '张德明' },
      requests: [request('000002', 'p_a', '张*明'), request('000001', 'p_a', '张*明')],
    };
    const r = whoseRequests(found, [filed('000001')]);
    expect(shownCases(r)).toEqual([
      ['CZ341702-2026-000002', '张*明'],
      ['CZ341702-2026-000001', '张*明'],
    ]);
    expect(r.hidden).toBe(0);
    // The case it filed is linked already; the other becomes its own, with the name for the operator.
    expect(r.link).toEqual([
      expect.objectContaining({ caseId: '000002', name: '张德明', personId: 'p_a', linkedBy: 'lookup' }),
    ]);
  });

  it('a shared phone: only the persons the chat filed for; the other person’s case is left out and not linked', () => {
    const found: ResidentRequests = {
      person: { personId: 'p_b', name: '李秀英' },
      requests: [
        request('000009', 'p_b', '李*英'),
        request('000001', 'p_a', '张*明'),
        request('000003', 'p_a', '张*明'),
      ],
    };
    // 000001 was filed in this chat: 张德明's other case (000003, filed at the window) is his too.
    const r = whoseRequests(found, [filed('000001')]);
    expect(shownCases(r)).toEqual([
      ['CZ341702-2026-000001', '张*明'],
      ['CZ341702-2026-000003', '张*明'],
    ]);
    expect(r.hidden).toBe(1);
    expect(r.link).toEqual([]);
    expect(JSON.stringify(r.shown)).not.toContain('李');
  });

  it('a shared phone and a chat that filed nothing: nothing shown, and it says others were left out', () => {
    const found: ResidentRequests = {
      person: { personId: 'p_b', name: '李秀英' },
      requests: [request('000009', 'p_b', '李*英'), request('000001', 'p_a', '张*明')],
    };
    expect(whoseRequests(found, [])).toEqual({ shown: [], hidden: 2, link: [] });
  });

  it('a person linked by an earlier look-up is the chat’s own', () => {
    const found: ResidentRequests = {
      person: { personId: 'p_b', name: '李秀英' },
      requests: [request('000009', 'p_b', '李*英'), request('000001', 'p_a', '张*明')],
    };
    const r = whoseRequests(found, [filed('000007', { personId: 'p_b', linkedBy: 'lookup' })]);
    expect(shownCases(r)).toEqual([['CZ341702-2026-000009', '李*英']]);
    expect(r.hidden).toBe(1);
  });

  it('requests whose person intake did not say: each its own unknown person unless filed here', () => {
    const found: ResidentRequests = {
      person: { personId: 'p_a', name: '张德明' },
      requests: [request('000002', undefined, ''), request('000001', undefined, '')],
    };
    const r = whoseRequests(found, [filed('000001')]);
    expect(shownCases(r)).toEqual([['CZ341702-2026-000001', '']]);
    expect(r.hidden).toBe(1);
  });

  it('nothing found: nothing shown, nothing hidden', () => {
    expect(whoseRequests({ person: null, requests: [] }, [filed('000001')])).toEqual({
      shown: [],
      hidden: 0,
      link: [],
    });
  });
});
