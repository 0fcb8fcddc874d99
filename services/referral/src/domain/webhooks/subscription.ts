import { covers, type StaffPrincipal } from '@carelink/auth';
import { freeText } from '@carelink/contracts';
import { z } from 'zod';
import { coversRegion } from '../answer-referral/receiver-action';

/**
 * A department's webhook subscription (订阅): which referral events it wants — its own department's,
 * in one region, optionally only some service items, townships or event types — and where to POST them.
 */
export const createSubscriptionCommand = z.object({
  departmentCode: z.string().regex(/^[a-z][a-z0-9_]*$/),
  region: z.string().min(1),
  endpoint: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'an http(s) URL'),
  itemCodes: z.array(z.string().min(1)).max(100).default([]),
  /** Township (or county) code prefixes; empty = the whole region. */
  places: z
    .array(z.string().regex(/^\d{6}(\d{3})?$/))
    .max(200)
    .default([]),
  eventTypes: z
    .array(z.string().regex(/^referral\.[a-z-]+\.v\d+$/))
    .max(20)
    .default([]),
  description: freeText().max(200).optional(),
  /**
   * The version of the department payload: 1 (the default, what every subscription made before had), or 2:
   * referral.created.v2 in place of .v1, with the contact (name, phone, address) the resident consented to share.
   */
  version: z.union([z.literal(1), z.literal(2)]).default(1),
});
export type CreateSubscription = z.infer<typeof createSubscriptionCommand>;

export interface SubscriptionFilter {
  departmentCode: string;
  region: string;
  itemCodes: string[];
  places: string[];
  eventTypes: string[];
  /** The payload version it receives; absent on subscriptions made before versions: 1. */
  version?: 1 | 2;
}

/** The type an event has as a subscription receives it: referral.created.v1 is .v2 for version 2. Pure. */
export function typeAsReceived(filter: Pick<SubscriptionFilter, 'version'>, type: string): string {
  return filter.version === 2 && type === 'referral.created.v1' ? 'referral.created.v2' : type;
}

export interface WebhookSubscription extends SubscriptionFilter {
  subscriptionId: string;
  endpoint: string;
  description?: string;
  active: boolean;
  createdBy: string;
  createdAt: string;
}

/**
 * Who manages a subscription (and so receives what it filters): a county officer only one whose places are
 * named and all within the officer's jurisdiction; a department only its own, and, when the department's
 * jurisdiction is narrower than the region, only one whose places are all within it. Pure.
 */
export function mayManageSubscription(
  principal: Pick<StaffPrincipal, 'role' | 'region' | 'jurisdiction' | 'departmentCode'>,
  subscription: Pick<SubscriptionFilter, 'departmentCode' | 'region' | 'places'>,
  regionCounties: string[],
): boolean {
  if (principal.region !== subscription.region) return false;
  const placesCovered = subscription.places.length > 0 && subscription.places.every((p) => covers(principal, p));
  if (principal.role === 'county_officer') return placesCovered;
  if (principal.role === 'department_staff')
    return (
      principal.departmentCode === subscription.departmentCode &&
      (placesCovered || coversRegion(principal, regionCounties))
    );
  return false;
}

/** What the filter looks at in a referral event. */
export interface RoutedEventFacts {
  type: string;
  region: string;
  itemCode: string;
  township: string;
  /** The departments the event concerns (its route, and the previous route of a re-routing). */
  departmentCodes: string[];
}

/** Whether a subscription receives an event. Pure; an empty list in the filter means "any". */
export function matchesSubscription(filter: SubscriptionFilter, event: RoutedEventFacts): boolean {
  return (
    event.departmentCodes.includes(filter.departmentCode) &&
    event.region === filter.region &&
    (filter.itemCodes.length === 0 || filter.itemCodes.includes(event.itemCode)) &&
    (filter.places.length === 0 || filter.places.some((p) => event.township.startsWith(p))) &&
    (filter.eventTypes.length === 0 || filter.eventTypes.includes(typeAsReceived(filter, event.type)))
  );
}

/** The filter facts of a referral CloudEvent (created, cancelled and every transition carry them). */
export function routedEventFacts(event: { type: string; data: unknown }): RoutedEventFacts | undefined {
  const d = event.data as {
    region?: string;
    itemCode?: string;
    township?: string;
    route?: { kind: string; departmentCode?: string };
    previousRoute?: { kind: string; departmentCode?: string };
  };
  if (!d?.itemCode || !d.township) return undefined;
  const departmentCodes = [d.route, d.previousRoute]
    .filter((r) => r?.kind === 'department' && r.departmentCode)
    .map((r) => r!.departmentCode!);
  return {
    type: event.type,
    region: d.region ?? '',
    itemCode: d.itemCode,
    township: d.township,
    departmentCodes: [...new Set(departmentCodes)],
  };
}
