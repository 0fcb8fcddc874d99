import type { ComplaintReceived, ComplaintTransitioned, Decision, EventOf } from '@carelink/contracts';

/**
 * A complaint about a delivered visit as settlement follows it (id: the complaint id). Upheld, it holds the
 * visit's statement line; closed upheld, the line is reversed (never paid); closed not upheld, the hold is
 * released. Complaints that name no visit are not kept.
 */
export interface ComplaintHold {
  complaintId: string;
  complaintNumber: string;
  visitId: string;
  providerId?: string;
  /** The outcome of the latest resolution; absent while unresolved or after a reopening. */
  upheld?: boolean;
  closed: boolean;
}

/** What a complaint does to its visit's line now. */
export type HoldEffect = 'held' | 'reversed' | 'none';

export function holdEffect(hold: Pick<ComplaintHold, 'upheld' | 'closed'>): HoldEffect {
  if (hold.upheld !== true) return 'none';
  return hold.closed ? 'reversed' : 'held';
}

export function recordComplaintReceived(
  current: ComplaintHold | undefined,
  event: EventOf<typeof ComplaintReceived>,
): Decision<ComplaintHold> {
  const visitId = event.data.about?.visitId;
  if (current || !visitId) return {};
  return {
    state: {
      complaintId: event.data.complaintId,
      complaintNumber: event.data.complaintNumber,
      visitId,
      ...(event.data.about?.providerId ? { providerId: event.data.about.providerId } : {}),
      closed: false,
    },
  };
}

/**
 * A complaint's transition: resolved sets the outcome, reopened clears it, closed closes. One complaint's events
 * come in order (keyed by complaint id); a redelivered one sets what is already set.
 */
export function recordComplaintTransition(
  current: ComplaintHold | undefined,
  event: EventOf<typeof ComplaintTransitioned>,
): Decision<ComplaintHold> {
  if (!current) return {};
  const d = event.data;
  let next: ComplaintHold = current;
  if (d.to === 'resolved' && d.outcome) next = { ...current, upheld: d.outcome.upheld, closed: false };
  else if (d.to === 'reopened') {
    const { upheld: _cleared, ...rest } = current;
    next = { ...rest, closed: false };
  } else if (d.to === 'closed') next = { ...current, closed: true };
  return JSON.stringify(next) === JSON.stringify(current) ? {} : { state: next };
}
