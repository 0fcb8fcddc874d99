import {
  nextProgress,
  type ProgressFact,
  type ResidentProgress,
} from '../src/domain/follow-progress/resident-progress';

const at = '2026-11-25T08:00:00.000Z';
const step = (p: ResidentProgress | undefined, ...facts: ProgressFact[]) =>
  facts.reduce<ResidentProgress | undefined>((acc, f) => nextProgress(acc, f), p)!;
/** A decision approving `approved` and refusing `refused`. */
const decided = (approved: string[], refused: string[] = []): ProgressFact => ({
  kind: 'decided',
  items: [
    ...approved.map((itemCode) => ({ itemCode, approved: true })),
    ...refused.map((itemCode) => ({ itemCode, approved: false })),
  ],
  at,
});

describe('where a request stands for the resident', () => {
  it('moves forward through investigation, decision, referral and service', () => {
    const p = step(
      undefined,
      { kind: 'reached', stage: 'investigating', at },
      { kind: 'reached', stage: 'investigated', at },
      decided(['A']),
      { kind: 'reached', stage: 'referred', at },
      { kind: 'reached', stage: 'in_service', at },
    );
    expect(p.stage).toBe('in_service');
    expect(p.approvedItems).toEqual(['A']);
  });

  it('never goes back when events of different topics arrive out of order', () => {
    const p = step(
      undefined,
      { kind: 'reached', stage: 'scheduled', at: '2026-11-25T09:00:00Z' },
      { kind: 'reached', stage: 'referred', at: '2026-11-25T08:00:00Z' },
    );
    expect(p).toMatchObject({ stage: 'scheduled', at: '2026-11-25T09:00:00Z' });
  });

  it('a decision approving nothing is a rejection', () => {
    expect(step(undefined, decided([], ['A'])).stage).toBe('rejected');
  });

  it('counts as stopped only when every approved item has stopped', () => {
    const approved = step(undefined, decided(['A', 'B'], ['C']));
    const oneStopped = step(approved, { kind: 'items_stopped', itemCodes: ['A'], at });
    expect(oneStopped.stage).toBe('approved');
    const bothStopped = step(oneStopped, { kind: 'items_stopped', itemCodes: ['B', 'A'], at });
    expect(bothStopped).toMatchObject({ stage: 'stopped', stoppedItems: ['A', 'B'] });
  });

  it('a stop before any approval is known does not claim the service stopped', () => {
    expect(step(undefined, { kind: 'items_stopped', itemCodes: ['A'], at }).stage).toBe('registered');
  });

  it('is completed once every approved item is completed or stopped', () => {
    const approved = step(undefined, decided(['A', 'B']));
    const oneDone = step(approved, { kind: 'items_completed', itemCodes: ['A'], at });
    expect(oneDone.stage).toBe('approved');
    expect(step(oneDone, { kind: 'items_stopped', itemCodes: ['B'], at }).stage).toBe('completed');
  });
});
