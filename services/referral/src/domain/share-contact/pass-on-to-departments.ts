import {
  departmentReferralsTopicV2,
  ReferralCreated,
  type CloudEvent,
  type TopicDefinition,
} from '@carelink/contracts';
import type { PolicyPacks } from '@carelink/policy';
import { fanOutReferralEvent, type DeliveryQueue, type StartChain } from '../webhooks/fan-out';
import { routedEventFacts } from '../webhooks/subscription';
import { departmentEventV2, type SharedContactRecord } from './department-contact';

/** The shared contacts, as passing them on reads them (the shared-contacts store). */
export interface ContactsOnFile {
  of(caseId: string): Promise<SharedContactRecord | undefined>;
}

/** Writes one event, as it is, to a department's topic (same id and key; at least once). */
export type PublishToDepartment = (topic: TopicDefinition, event: CloudEvent) => Promise<void>;

export interface PassOnDeps {
  contacts: ContactsOnFile;
  publishToDepartment: PublishToDepartment;
  webhooks: DeliveryQueue;
  startChain: StartChain;
  now: () => Date;
  /** The packs: only their departments have topics (a party branch, a village team … is served in the console). */
  policies: Pick<PolicyPacks, 'get'>;
}

/** An event as version 2 of the department payload has it, with the case's shared contact as on file now. */
export async function asVersion2(event: CloudEvent, contacts: ContactsOnFile): Promise<CloudEvent> {
  if (event.type !== ReferralCreated.type) return event;
  const caseId = (event.data as { caseId: string }).caseId;
  return departmentEventV2(event, await contacts.of(caseId));
}

/**
 * PassOnToDepartments: a referral event read back from the referrals topic, in its case's order, goes to every
 * department it concerns in version 2 of the department payload — on the department's `.v2` topic, and to its
 * webhook subscriptions of version 2 — with the contact the person consented to share on referral.created
 * (nothing of it without consent); subscriptions of version 1 get it as it is. The `.v1` topics are written
 * with the referral itself (outbox). Safe to run twice: the copy keeps the event id (consumers dedupe by it)
 * and a delivery is queued once per subscription and event.
 */
export async function passOnToDepartments(event: CloudEvent, deps: PassOnDeps): Promise<void> {
  const facts = routedEventFacts(event);
  const departments = (facts && deps.policies.get(facts.region)?.departments) ?? {};
  const codes = (facts?.departmentCodes ?? []).filter((code) => code in departments);
  const v2 = codes.length > 0 ? await asVersion2(event, deps.contacts) : event;
  for (const code of codes) await deps.publishToDepartment(departmentReferralsTopicV2(facts!.region, code), v2);
  await fanOutReferralEvent(event, deps, v2);
}
