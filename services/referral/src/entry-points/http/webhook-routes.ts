import type { StaffPrincipal } from '@carelink/auth';
import { AppError, publicEndpointProblem, type Resolve, type ServiceApp } from '@carelink/http';
import type { PolicyPacks } from '@carelink/policy';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { Delivery } from '../../domain/webhooks/delivery';
import type { WebhookRepository } from '../../data-access/webhook-repository';
import { redrive } from '../../domain/webhooks/deliver-chain';
import { asVersion2, type ContactsOnFile } from '../../domain/share-contact/pass-on-to-departments';
import { replaySince, type StartChain } from '../../domain/webhooks/fan-out';
import { newWebhookSecret } from '../../domain/webhooks/signature';
import {
  createSubscriptionCommand,
  mayManageSubscription,
  type WebhookSubscription,
} from '../../domain/webhooks/subscription';

const MANAGERS = ['department_staff', 'county_officer'] as const;

/** The counties of a region, from its policy pack (none for an unknown region). */
const countiesOf = (policies: PolicyPacks, region: string): string[] =>
  policies.get(region)?.jurisdictions.map((c) => c.code) ?? [];

/** See mayManageSubscription: the department itself, or the county for places in its jurisdiction. */
function assertMayManage(
  principal: StaffPrincipal,
  s: { departmentCode: string; region: string; places: string[] },
  policies: PolicyPacks,
): void {
  if (!mayManageSubscription(principal, s, countiesOf(policies, s.region)))
    throw AppError.forbidden(
      'not_your_department',
      'only the department itself (within its jurisdiction) or the county, for places within its jurisdiction, manages this; name the places (township or county codes) you cover',
      '无权管理该订阅（县级请填写本辖区内的乡镇(街道)或区县）',
    );
}

/** A delivered event as the deliveries list shows it: a contact it carried is left out (`contact: "withheld"`). */
function withoutContact(event: { data?: Record<string, unknown> }): unknown {
  if (!event.data || !('contact' in event.data)) return event;
  return { ...event, data: { ...event.data, contact: 'withheld' } };
}

export function webhookRoutes(
  app: ServiceApp,
  deps: {
    webhooks: WebhookRepository;
    startChain: StartChain;
    secretGraceHours: number;
    /** WEBHOOK_ALLOW_INSECURE: plain http and internal endpoints allowed (local development only). */
    allowInsecureEndpoints: boolean;
    /** Resolves endpoint host names (the system's DNS unless a test says otherwise). */
    resolve?: Resolve;
    policies: PolicyPacks;
    /** The contacts residents consented to share: a replay to a subscription of version 2 carries them. */
    contacts: ContactsOnFile;
  },
): void {
  const subscriptionOf = async (id: string, principal: StaffPrincipal): Promise<WebhookSubscription> => {
    const s = await deps.webhooks.getSubscription(id);
    if (!s) throw AppError.notFound('webhook subscription', '订阅');
    assertMayManage(principal, s, deps.policies);
    return s;
  };

  app.route({
    method: 'post',
    path: '/webhook-subscriptions',
    summary:
      'Subscribe a department endpoint to its referral events (CloudEvents 1.0 structured mode, Standard Webhooks signatures); the secret is shown once',
    roles: [...MANAGERS],
    body: createSubscriptionCommand,
    handle: async ({ body, principal }) => {
      assertMayManage(principal, body, deps.policies);
      // Server-side request forgery guard: https to a public host whose every address is public unicast.
      const unsafe = deps.allowInsecureEndpoints ? undefined : await publicEndpointProblem(body.endpoint, deps.resolve);
      if (unsafe) throw AppError.badRequest('unsafe_endpoint', unsafe, '回调地址须为公网 https 地址');
      const pack = deps.policies.get(body.region);
      if (!pack || !(body.departmentCode in pack.departments))
        throw AppError.badRequest('unknown_department', 'no such department in the region', '部门不存在');
      const subscription: WebhookSubscription = {
        subscriptionId: uuidv7(),
        ...body,
        active: true,
        createdBy: principal.sub,
        createdAt: new Date().toISOString(),
      };
      const secret = newWebhookSecret();
      await deps.webhooks.createSubscription(subscription, secret);
      return { ...subscription, secret };
    },
  });

  app.route({
    method: 'get',
    path: '/webhook-subscriptions',
    summary: "The caller's department's subscriptions (the county: those for places within its jurisdiction)",
    roles: [...MANAGERS],
    handle: async ({ principal }) => {
      const all = await deps.webhooks.listSubscriptions({
        region: principal.region,
        ...(principal.role === 'department_staff' ? { departmentCode: principal.departmentCode ?? '-' } : {}),
      });
      const counties = countiesOf(deps.policies, principal.region);
      const mine = all.filter((s) => mayManageSubscription(principal, s, counties));
      // Each with its deliveries counted by status (pending, delivered, dead; each up to 200), for the list's badges.
      return {
        items: await Promise.all(
          mine.map(async (s) => ({ ...s, counts: await deps.webhooks.deliveryCounts(s.subscriptionId) })),
        ),
      };
    },
  });

  app.route({
    method: 'get',
    path: '/webhook-subscriptions/:subscriptionId',
    summary: 'One subscription (never its secrets)',
    roles: [...MANAGERS],
    handle: async ({ req, principal }) => subscriptionOf(String(req.params.subscriptionId), principal),
  });

  app.route({
    method: 'post',
    path: '/webhook-subscriptions/:subscriptionId/secret-rotation',
    summary:
      'A new signing secret (shown once); the previous one keeps signing alongside it for the grace period (WEBHOOK_SECRET_GRACE_HOURS)',
    roles: [...MANAGERS],
    handle: async ({ req, principal }) => {
      const s = await subscriptionOf(String(req.params.subscriptionId), principal);
      const now = new Date();
      const previousValidUntil = new Date(now.getTime() + deps.secretGraceHours * 3600_000);
      const secret = newWebhookSecret();
      await deps.webhooks.rotateSecret(s.subscriptionId, secret, now, previousValidUntil);
      return { subscriptionId: s.subscriptionId, secret, previousValidUntil: previousValidUntil.toISOString() };
    },
  });

  app.route({
    method: 'post',
    path: '/webhook-subscriptions/:subscriptionId/active',
    summary: 'Pause (false) or resume (true) deliveries; paused deliveries wait and go out on resume',
    roles: [...MANAGERS],
    body: z.object({ active: z.boolean() }),
    handle: async ({ req, body, principal }) => {
      const s = await subscriptionOf(String(req.params.subscriptionId), principal);
      await deps.webhooks.setActive(s.subscriptionId, body.active);
      if (body.active) await restartChains(s.subscriptionId);
      return { ...s, active: body.active };
    },
  });

  const restartChains = async (subscriptionId: string) => {
    const waiting = await deps.webhooks.listDeliveries(subscriptionId, 'pending', 10_000);
    const cases = new Set(waiting.map((d) => d.caseId));
    const stamp = Date.now();
    for (const caseId of cases)
      await deps.startChain({ subscriptionId, caseId }, `${subscriptionId}.${caseId}.resume.${stamp}`);
  };

  app.route({
    method: 'get',
    path: '/webhook-subscriptions/:subscriptionId/deliveries',
    summary:
      'Deliveries of a subscription, oldest first (order=desc: newest first); status=dead lists the dead letters; eventType= and caseId= narrow them. With page= and/or pageSize= (default 20, at most 100) a page with total (up to 200; totalCapped beyond); else limit= (default 200)',
    roles: [...MANAGERS],
    query: z.object({
      status: z.enum(['pending', 'delivered', 'dead']).optional(),
      eventType: z
        .string()
        .regex(/^[a-z]+(\.[a-z_]+)+\.v\d+$/, 'an event type, e.g. referral.accepted.v1')
        .optional(),
      caseId: z.string().trim().min(1).max(100).optional(),
      order: z.enum(['asc', 'desc']).optional(),
      page: z.coerce.number().int().min(1).max(1000).optional(),
      pageSize: z.coerce.number().int().min(1).max(100).optional(),
      limit: z.coerce.number().int().min(1).max(1000).optional(),
    }),
    handle: async ({ req, query, principal }) => {
      const s = await subscriptionOf(String(req.params.subscriptionId), principal);
      // A contact the delivery carried went to the department's endpoint; it is not shown again here.
      const withEvent = ({ body, ...rest }: Delivery) => ({ ...rest, event: withoutContact(JSON.parse(body)) });
      const paged = query.page !== undefined || query.pageSize !== undefined;
      const found = await deps.webhooks.pageDeliveries(
        s.subscriptionId,
        {
          ...(query.status ? { status: query.status } : {}),
          ...(query.eventType ? { eventType: query.eventType } : {}),
          ...(query.caseId ? { caseId: query.caseId } : {}),
        },
        paged ? (query.page ?? 1) : 1,
        paged ? (query.pageSize ?? 20) : (query.limit ?? 200),
        query.order ?? 'asc',
      );
      const items = found.items.map(withEvent);
      return paged ? { ...found, items } : { items };
    },
  });

  app.route({
    method: 'post',
    path: '/webhook-subscriptions/:subscriptionId/dead-letters/redrive',
    summary: 'Re-drive dead letters (all, or the listed delivery ids): each goes again, in its case’s order',
    roles: [...MANAGERS],
    body: z.object({ deliveryIds: z.array(z.string()).max(1000).optional() }),
    handle: async ({ req, body, principal }) => {
      const s = await subscriptionOf(String(req.params.subscriptionId), principal);
      const dead = (await deps.webhooks.listDeliveries(s.subscriptionId, 'dead', 10_000)).filter(
        (d) => !body.deliveryIds || body.deliveryIds.includes(d.deliveryId),
      );
      const stamp = Date.now();
      let redriven = 0;
      for (const d of dead)
        if (await redrive(d, deps.webhooks)) {
          redriven++;
          await deps.startChain(
            { subscriptionId: s.subscriptionId, caseId: d.caseId },
            `${d.deliveryId}.redrive.${stamp}`,
          );
        }
      return { redriven };
    },
  });

  app.route({
    method: 'post',
    path: '/webhook-subscriptions/:subscriptionId/replay',
    summary:
      'Deliver again every referral event since a point in time that the subscription matches (new webhook-id, same CloudEvent id)',
    roles: [...MANAGERS],
    body: z.object({ since: z.iso.datetime({ offset: true }) }),
    handle: async ({ req, body, principal }) => {
      const s = await subscriptionOf(String(req.params.subscriptionId), principal);
      return replaySince(s, new Date(body.since).toISOString(), `replay-${uuidv7()}`, {
        ...deps,
        now: () => new Date(),
        asVersion2: (event) => asVersion2(event, deps.contacts),
      });
    },
  });
}
