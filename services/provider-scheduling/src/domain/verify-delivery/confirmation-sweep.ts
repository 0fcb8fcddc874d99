import type { Commits } from '@carelink/contracts';
import type { VisitState } from '../assignment';
import { decideConfirmationDeadline } from './confirmation';

/** A visit whose recipient may still confirm or dispute it, and until when. */
export interface OpenConfirmation {
  visitId: string;
  confirmBy: string;
}

/** The open confirmations whose deadline has passed at `now`, earliest deadline first. */
export function overdueConfirmations(open: readonly OpenConfirmation[], now: Date): OpenConfirmation[] {
  return open
    .filter((c) => new Date(c.confirmBy).getTime() <= now.getTime())
    .sort((a, b) => a.confirmBy.localeCompare(b.confirmBy) || a.visitId.localeCompare(b.visitId));
}

export interface ConfirmationSweepPorts {
  visits: Commits<VisitState> & { openConfirmations(): Promise<OpenConfirmation[]> };
}

/** What a sweep did: visits settled unverified now, and those that failed (tried again at the next sweep). */
export interface Sweep {
  settled: string[];
  failed: { visitId: string; error: unknown }[];
}

/**
 * The safety net under the confirmation deadline jobs: a visit still awaiting confirmation past its `confirmBy`
 * (its delayed job lost with Redis, or never added because the process stopped between the check-out and the
 * job) is settled exactly as the deadline job settles it (decideConfirmationDeadline through the commit port).
 * A visit the deadline job, a confirmation or a dispute settled meanwhile decides again on the fresh state and
 * changes nothing, so visit.delivered goes out once whoever comes first.
 */
export async function sweepConfirmationDeadlines(ports: ConfirmationSweepPorts, now: Date): Promise<Sweep> {
  const sweep: Sweep = { settled: [], failed: [] };
  for (const { visitId } of overdueConfirmations(await ports.visits.openConfirmations(), now)) {
    try {
      const result = await ports.visits.commit(visitId, (visit, ctx) => {
        const decision = decideConfirmationDeadline(visit, ctx);
        return decision.state ? { ...decision, result: 'settled' as const } : { result: undefined };
      });
      if (result === 'settled') sweep.settled.push(visitId);
    } catch (error) {
      sweep.failed.push({ visitId, error });
    }
  }
  return sweep;
}
