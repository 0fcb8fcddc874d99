import { assertCovers } from '@carelink/auth';
import { DomainError, type referralState, type UseCaseContext } from '@carelink/contracts';
import type { ReceiverRoute } from '@carelink/contracts';
import type { GeoPoint, Handover, ListedReceiverKind, PolicyPack, PolicyPacks } from '@carelink/policy';
import type { z } from 'zod';

/**
 * States of a referral after the FHIR Task model: requested → received → accepted / rejected → in_progress →
 * completed, plus cancelled and failed. Three holding states come before `requested`: awaiting_consent (nothing
 * is sent without consent or a recorded override), awaiting_provider (no receiver found: the township
 * routes it by hand) and awaiting_list (on a charity's monthly list, until the county hands it over). `rejected` is passed through: a rejected referral is re-routed or escalated at once.
 */
export type ReferralStatus = z.infer<typeof referralState>;

/** States in which the referral still waits for, or is served by, a receiver. */
export const OPEN_STATES: ReferralStatus[] = [
  'awaiting_consent',
  'awaiting_provider',
  'awaiting_list',
  'requested',
  'received',
  'accepted',
  'in_progress',
];
/** States in which the receiver has not answered yet (the answer timer runs). */
export const UNANSWERED_STATES: ReferralStatus[] = ['requested', 'received'];

export interface ProviderContract {
  contractId: string;
  providerId: string;
  providerName: string;
  region: string;
  itemCodes: string[];
  townships: string[];
  /** Referrals the provider can take per month under this contract. */
  monthlyCapacity: number;
  validFrom: string;
  validTo: string;
  /** Where the provider works from; without it distance is not considered for this provider. */
  location?: GeoPoint;
}

/**
 * Who the referral goes to: a contracted provider, or a receiver served through the department inbox — a
 * department, or (with `receiverKind`) a receiver the pack names: an institution, a party branch, a village
 * red-vest team, a neighbour-help roster or a charity, `departmentCode` being its receiver code.
 */
export type Route =
  | { kind: 'department'; departmentCode: string; receiverKind?: ListedReceiverKind }
  | { kind: 'provider'; providerId: string; contractId: string };

/** The route as v1 events name it: a listed receiver is named as the department inbox it is served through. */
export function v1Route(route: Route): Route {
  return route.kind === 'department' ? { kind: 'department', departmentCode: route.departmentCode } : route;
}

/** The route as referral.created.v3 names it: the receiver by its kind. */
export function receiverRouteOf(route: Route): ReceiverRoute {
  if (route.kind === 'provider') return route;
  return route.receiverKind
    ? { kind: route.receiverKind, receiverCode: route.departmentCode }
    : { kind: 'department', departmentCode: route.departmentCode };
}

/** Whether the route names a department of the pack (with its Kafka topics and webhooks), not a listed receiver. */
export const isDepartmentRoute = (route: Route | undefined): boolean =>
  route?.kind === 'department' && !route.receiverKind;

/** The delivery mode (服务方式) a referral was routed by. */
export interface ReferralMode {
  code: string;
  /** In Chinese. */
  name: string;
  handover: Handover;
  /** For a charity's list: what the person is listed as (老年人、孤儿 …), in Chinese. */
  category?: string;
}

export interface Transition {
  from: ReferralStatus;
  to: ReferralStatus;
  attempt: number;
  by: string;
  at: string;
  reason?: string;
}

export interface ReferralRecord {
  referralId: string;
  caseId: string;
  caseNumber: string;
  region: string;
  itemCode: string;
  township: string;
  /** The person's village, when the address names it (village receivers are chosen by it). */
  village?: string;
  person: { personId: string; name: string };
  status: ReferralStatus;
  route?: Route;
  /** The delivery mode the referral was routed by (regions whose pack lists modes). */
  mode?: ReferralMode;
  /** When the county handed the charity's monthly list with this referral over, and who did. */
  listedHandover?: { by: string; at: string };
  explanation: string;
  month: string;
  createdAt: string;
  cancellation?: { reason: string; at: string };
  /** Why the person's data may go to the receiver: consent, or a township's recorded override. */
  sharingBasis?: SharingBasis;
  /** 1 for the first receiver; one more for each re-routing. */
  attempt?: number;
  /** Providers already tried (rejected or timed out): never offered the referral again. */
  triedProviders?: string[];
  /** When the current receiver must have answered (accepted or rejected). */
  answerDueAt?: string;
  history?: Transition[];
}

export type SharingBasis =
  { basis: 'consent'; givenBy: 'applicant' | 'proxy' } | { basis: 'override'; reason: string; by: string };

/** What a receiver learns of the sharing basis: never the override's reason (free text, may hold health data). */
export type ReceiverSharingBasis =
  { basis: 'consent'; givenBy: 'applicant' | 'proxy' } | { basis: 'override'; by: string };

export function receiverSharingBasis(basis: SharingBasis): ReceiverSharingBasis {
  return basis.basis === 'override' ? { basis: 'override', by: basis.by } : basis;
}

export const attemptOf = (r: Pick<ReferralRecord, 'attempt'>): number => r.attempt ?? 1;

/** What a referral decision is given besides the referral and the command: the clock, ids and the packs. */
export type ReferralContext = UseCaseContext & { policies: PolicyPacks };

/** The pack of the referral's region (a referral is only ever made in a region with a loaded pack). */
export function packOf(ctx: Pick<ReferralContext, 'policies'>, region: string): PolicyPack {
  const pack = ctx.policies.get(region);
  if (!pack) throw new Error(`no policy pack for region ${region}`);
  return pack;
}

export function referralNotFound(): DomainError {
  return DomainError.notFound('referral', '转介记录');
}

/** Township and county staff act only on referrals of places within their jurisdiction. */
export const assertWithinJurisdiction = assertCovers;
