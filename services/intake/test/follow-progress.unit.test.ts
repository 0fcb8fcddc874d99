import { decideProgress, type FollowedRequest } from '../src/domain/follow-progress/follow-progress';
import type { ProgressFact } from '../src/domain/follow-progress/resident-progress';

const at = '2026-11-25T08:00:00.000Z';
const open: FollowedRequest = { status: 'registered' };
const approvedA: ProgressFact = { kind: 'decided', items: [{ itemCode: 'A', approved: true }], at };

/** Applies the facts as the commit port would: each decision's state, when there is one, is the next current. */
const follow = (current: FollowedRequest | undefined, ...facts: ProgressFact[]) =>
  facts.reduce((c, fact) => decideProgress(c, fact).state ?? c, current);

describe('following a case on its request', () => {
  it('closes the request for merging once eligibility is decided, and tells the resident', () => {
    expect(decideProgress(open, approvedA).state).toEqual({
      status: 'decided',
      progress: { stage: 'approved', at, approvedItems: ['A'], stoppedItems: [] },
    });
  });

  it('keeps a request open while the case is investigated', () => {
    const state = decideProgress(open, { kind: 'reached', stage: 'investigating', at }).state;
    expect(state).toMatchObject({ status: 'registered', progress: { stage: 'investigating' } });
  });

  it('writes nothing for a case intake did not register', () => {
    expect(decideProgress(undefined, approvedA)).toEqual({});
  });

  it('writes nothing when the same event comes twice: the second changes nothing', () => {
    const once = follow(open, approvedA)!;
    expect(decideProgress(once, approvedA)).toEqual({});
  });

  it('writes nothing for an earlier stage arriving after a later one', () => {
    const scheduled = follow(open, approvedA, { kind: 'reached', stage: 'scheduled', at })!;
    expect(decideProgress(scheduled, { kind: 'reached', stage: 'referred', at })).toEqual({});
  });

  it('stays decided whatever comes after', () => {
    const done = follow(open, approvedA, { kind: 'items_completed', itemCodes: ['A'], at })!;
    expect(done).toMatchObject({ status: 'decided', progress: { stage: 'completed', completedItems: ['A'] } });
  });
});
