import type { StaffPrincipal } from '@carelink/auth';
import type { Complaint, ComplaintStatus } from '../complaint';

/**
 * What the complaint worklists (the hotline's queue with countdowns, the township's complaints assigned to it)
 * need beyond the complaint: the time limit it runs against now, and who "assigned to me" means. Pure.
 */

/** Statuses in which a complaint is still being dealt with. */
export const OPEN_STATUSES: ComplaintStatus[] = ['received', 'acknowledged', 'assigned', 'investigating', 'reopened'];

export interface ComplaintDeadline {
  /** Acknowledge (受理) while received; resolve (办结) until resolved. */
  kind: 'acknowledge' | 'resolve';
  dueAt: string;
  overdue: boolean;
}

/** The time limit a complaint runs against now; none once resolved or closed. */
export function complaintDeadline(
  c: Pick<Complaint, 'status' | 'acknowledgeBy' | 'resolveBy'>,
  now: Date,
): ComplaintDeadline | undefined {
  if (!OPEN_STATUSES.includes(c.status)) return undefined;
  const kind = c.status === 'received' ? 'acknowledge' : 'resolve';
  const dueAt = kind === 'acknowledge' ? c.acknowledgeBy : c.resolveBy;
  return { kind, dueAt, overdue: Date.parse(dueAt) < now.getTime() };
}

/**
 * Who "assigned to me" is for the caller: a township's or county's staff, complaints assigned to their unit;
 * a hotline operator, the complaints they handle themselves.
 */
export function assignedToCaller(
  principal: Pick<StaffPrincipal, 'role' | 'jurisdiction' | 'sub'>,
): { assigneeLevel: 'township' | 'county'; assigneeUnit: string } | { handlerId: string } {
  if (principal.role === 'county_officer') return { assigneeLevel: 'county', assigneeUnit: principal.jurisdiction };
  if (principal.role === 'township_caseworker')
    return { assigneeLevel: 'township', assigneeUnit: principal.jurisdiction.slice(0, 9) };
  return { handlerId: principal.sub };
}

/** Complaints with their deadlines, due soonest first (without one last, newest received first), filtered. */
export function byDeadline<T extends { complaint: Pick<Complaint, 'receivedAt'>; deadline?: ComplaintDeadline }>(
  complaints: readonly T[],
  filter: { overdue?: boolean },
): T[] {
  return complaints
    .filter(({ deadline }) => filter.overdue === undefined || (deadline?.overdue ?? false) === filter.overdue)
    .sort((a, b) => {
      if (a.deadline && b.deadline) return a.deadline.dueAt.localeCompare(b.deadline.dueAt);
      if (a.deadline || b.deadline) return a.deadline ? -1 : 1;
      return b.complaint.receivedAt.localeCompare(a.complaint.receivedAt);
    });
}

/** When the complaint was last resolved (its latest resolution, after a reopening the new one). */
export function resolvedAtOf(c: Pick<Complaint, 'history'>): string | undefined {
  return [...c.history].reverse().find((t) => t.to === 'resolved')?.at;
}
