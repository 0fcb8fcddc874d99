import { visitDeliveredFromV1, type CloudEvent, type EventOf, type VisitDelivered } from '@carelink/contracts';
import type { ResidentChats } from '../resident-chats';

/** The part of visit.scheduled.v1 / visit.delivered.v2 the bot reads (contract of provider-scheduling). */
interface VisitFacts {
  visitId: string;
  referralId: string;
  caseId: string;
  providerId: string;
  workerId: string;
  itemCode: string;
  scheduledFor?: string;
  deliveredAt?: string;
}

/** A delivery as visit.delivered.v2 says it: v1 (history) read as an unverified v2. */
export function deliveryOf(event: CloudEvent): CloudEvent {
  return event.type === 'visit.delivered.v1'
    ? (visitDeliveredFromV1(event as unknown as EventOf<typeof VisitDelivered>) as unknown as CloudEvent)
    : event;
}

/**
 * A visit of a case filed through the bot is kept with the case (delivered replaces scheduled), so that a
 * complaint about a provider can name the visit it is about. Visits of other cases are not kept. Safe to run
 * twice: a visit is kept under its id.
 */
export async function rememberVisit(
  event: CloudEvent,
  deps: { directory: Pick<ResidentChats, 'chatOfCase' | 'rememberVisit'> },
): Promise<void> {
  const read = deliveryOf(event);
  const data = read.data as VisitFacts;
  if ((await deps.directory.chatOfCase(data.caseId)) === undefined) return;
  const delivered = read.type === 'visit.delivered.v2';
  await deps.directory.rememberVisit({
    visitId: data.visitId,
    caseId: data.caseId,
    referralId: data.referralId,
    providerId: data.providerId,
    workerId: data.workerId,
    itemCode: data.itemCode,
    at: (delivered ? data.deliveredAt : data.scheduledFor) ?? event.time ?? new Date().toISOString(),
    delivered,
  });
}
