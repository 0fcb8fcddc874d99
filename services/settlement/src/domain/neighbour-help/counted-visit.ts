import type { Decision, EventOf, NeighbourVisitRecorded } from '@carelink/contracts';
import type { CountedNeighbourVisit } from '../funding/neighbour-subsidy';

/**
 * A neighbour's help visit as the village counted it (neighbour-visit.recorded.v1), kept by visit id: the event
 * delivered again, or another event recording the same visit, counts it once. What the yearly subsidy is computed
 * from (`neighbourSubsidy`).
 */
export interface StoredNeighbourVisit extends CountedNeighbourVisit {
  region: string;
  year: number;
  itemCode: string;
  /** The event the visit was learnt from. */
  eventId: string;
}

export function countNeighbourVisit(
  current: StoredNeighbourVisit | undefined,
  event: EventOf<typeof NeighbourVisitRecorded>,
): Decision<StoredNeighbourVisit> {
  if (current) return {};
  const d = event.data;
  return {
    state: {
      visitId: d.visitId,
      neighbourId: d.neighbourId,
      region: d.region,
      township: d.township,
      village: d.village,
      date: d.date,
      year: Number(d.date.slice(0, 4)),
      itemCode: d.itemCode,
      eventId: event.id,
    },
  };
}
