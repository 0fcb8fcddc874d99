import { useCaseContext, type Decision, type EventDraft, type UseCaseContext } from '@carelink/contracts';
import type { VisitState } from '../src/domain/assignment';
import { decideConfirmationDeadline } from '../src/domain/verify-delivery/confirmation';
import {
  overdueConfirmations,
  sweepConfirmationDeadlines,
  type ConfirmationSweepPorts,
} from '../src/domain/verify-delivery/confirmation-sweep';
import { givenVisit } from './fixtures';

const sweptAt = new Date('2026-11-28T09:05:00+08:00');

/** A delivered visit awaiting its recipient's confirmation until `confirmBy`. */
const awaiting = (visitId: string, confirmBy: string): VisitState =>
  givenVisit({
    visitId,
    status: 'delivered',
    delivery: { deliveredAt: '2026-11-25T02:00:00.000Z', units: 1 },
    verification: { state: 'awaiting', confirmBy, attemptsLeft: 3 },
  } as Partial<VisitState>);

/** Visits kept in memory and committed as the commit port does: decide on the current state, keep state and events. */
function visitsInMemory(visits: VisitState[], failing: string[] = []) {
  const stored = new Map(visits.map((v) => [v.visitId, v]));
  const published: { visitId: string; type: string }[] = [];
  const ports: ConfirmationSweepPorts = {
    visits: {
      openConfirmations: async () =>
        [...stored.values()]
          .filter((v) => v.verification?.state === 'awaiting')
          .map((v) => ({ visitId: v.visitId, confirmBy: v.verification!.confirmBy })),
      commit: async <R>(
        id: string,
        decide: (
          current: VisitState | undefined,
          ctx: UseCaseContext,
        ) => Decision<VisitState, R> | Promise<Decision<VisitState, R>>,
      ) => {
        if (failing.includes(id)) throw new Error(`store unreachable for ${id}`);
        const decision = await decide(stored.get(id), useCaseContext(sweptAt));
        if (decision.state) stored.set(id, decision.state);
        for (const e of (decision.events ?? []) as EventDraft[]) published.push({ visitId: id, type: e.type });
        return decision.result as R;
      },
    },
  };
  return { ports, stored, published };
}

describe('the sweep of lost confirmation deadlines', () => {
  it('Given open confirmations, Then only those whose confirmBy has passed are overdue, earliest first', () => {
    const open = [
      { visitId: 'v-later', confirmBy: '2026-11-28T01:04:00.000Z' },
      { visitId: 'v-open', confirmBy: '2026-11-28T01:06:00.000Z' },
      { visitId: 'v-first', confirmBy: '2026-11-27T00:00:00.000Z' },
      { visitId: 'v-exact', confirmBy: sweptAt.toISOString() },
    ];
    expect(overdueConfirmations(open, sweptAt).map((c) => c.visitId)).toEqual(['v-first', 'v-later', 'v-exact']);
  });

  it('Given a visit whose deadline job was lost, When the sweep runs, Then it is settled unverified as the deadline job settles it; a second sweep changes nothing', async () => {
    const lost = awaiting('v-lost', '2026-11-28T00:00:00.000Z');
    const stillOpen = awaiting('v-open', '2026-11-29T00:00:00.000Z');
    const { ports, stored, published } = visitsInMemory([lost, stillOpen]);

    const first = await sweepConfirmationDeadlines(ports, sweptAt);
    expect(first).toEqual({ settled: ['v-lost'], failed: [] });
    const asTheDeadlineJob = decideConfirmationDeadline(lost, useCaseContext(sweptAt)).state;
    expect(stored.get('v-lost')).toEqual(asTheDeadlineJob);
    expect(stored.get('v-lost')!.verification).toMatchObject({
      state: 'unverified',
      reason: 'no_confirmation_in_time',
    });
    expect(stored.get('v-open')).toEqual(stillOpen);

    expect(await sweepConfirmationDeadlines(ports, sweptAt)).toEqual({ settled: [], failed: [] });
    expect(published).toEqual([{ visitId: 'v-lost', type: 'visit.delivered.v2' }]);
  });

  it('Given the deadline job settled the visit first, When the sweep commits on it, Then nothing more is published', async () => {
    const visit = awaiting('v-raced', '2026-11-28T00:00:00.000Z');
    const { ports, published } = visitsInMemory([visit]);
    const open = await ports.visits.openConfirmations();
    // The deadline job runs between the sweep's read and its commit.
    await ports.visits.commit('v-raced', (v, ctx) => decideConfirmationDeadline(v, ctx));
    const sweep = await sweepConfirmationDeadlines(
      { visits: { ...ports.visits, openConfirmations: async () => open } },
      sweptAt,
    );
    expect(sweep).toEqual({ settled: [], failed: [] });
    expect(published).toEqual([{ visitId: 'v-raced', type: 'visit.delivered.v2' }]);
  });

  it('Given one visit cannot be written, Then the others are still settled and the failure is answered', async () => {
    const { ports, stored } = visitsInMemory(
      [awaiting('v-a', '2026-11-27T00:00:00.000Z'), awaiting('v-b', '2026-11-27T01:00:00.000Z')],
      ['v-a'],
    );
    const sweep = await sweepConfirmationDeadlines(ports, sweptAt);
    expect(sweep.settled).toEqual(['v-b']);
    expect(sweep.failed.map((f) => f.visitId)).toEqual(['v-a']);
    expect(stored.get('v-a')!.verification!.state).toBe('awaiting');
  });
});
