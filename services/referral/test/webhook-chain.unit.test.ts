import { deliverChain, type ChainDeps } from '../src/domain/webhooks/deliver-chain';
import type { Delivery, LoggedEvent } from '../src/domain/webhooks/delivery';
import { fanOutReferralEvent } from '../src/domain/webhooks/fan-out';
import type { WebhookSubscription } from '../src/domain/webhooks/subscription';

const subscription: WebhookSubscription = {
  subscriptionId: 'sub-1',
  departmentCode: 'health',
  region: 'chizhou',
  itemCodes: [],
  places: [],
  eventTypes: [],
  endpoint: 'https://dept.example/hook',
  active: true,
  createdBy: 'd-1',
  createdAt: '2026-11-25T00:00:00.000Z',
};

/** The webhook store in memory: one subscription, its deliveries. */
function store(deliveries: Delivery[] = []) {
  const logged: LoggedEvent[] = [];
  const webhooks = {
    deliveries,
    getSubscription: async () => subscription,
    subscriptionsOf: async () => [subscription],
    logged,
    logEvent: async (e: LoggedEvent) => {
      if (logged.some((x) => x.eventId === e.eventId)) return false;
      logged.push(e);
      return true;
    },
    eventsSince: async (since: string, limit: number) => logged.filter((e) => e.time >= since).slice(0, limit),
    getDelivery: async (id: string) => deliveries.find((d) => d.deliveryId === id),
    inChain: <T>(_s: string, _c: string, work: () => Promise<T>) => work(),
    signingSecrets: async () => ['whsec_c2VjcmV0'],
    head: async () => deliveries.find((d) => d.status !== 'delivered'),
    update: async (id: string, set: Partial<Delivery>) => {
      Object.assign(
        deliveries.find((d) => d.deliveryId === id)!,
        set,
      );
    },
    enqueue: async (d: Omit<Delivery, 'seq' | 'status' | 'attempts' | 'createdAt'>) => {
      if (deliveries.some((x) => x.deliveryId === d.deliveryId)) return undefined;
      const full = { ...d, seq: deliveries.length, status: 'pending' as const, attempts: 0, createdAt: '' };
      deliveries.push(full);
      return full;
    },
  };
  return webhooks;
}

const pending = (over: Partial<Delivery> = {}): Delivery => ({
  deliveryId: 'sub-1.e1',
  subscriptionId: 'sub-1',
  caseId: 'case-1',
  seq: 1,
  eventId: 'e1',
  eventType: 'referral.created.v1',
  eventTime: '2026-11-25T00:00:00.000Z',
  body: '{}',
  status: 'pending',
  attempts: 0,
  createdAt: '2026-11-25T00:00:00.000Z',
  ...over,
});

const now = new Date('2026-11-25T01:00:00.000Z');
const job = { subscriptionId: 'sub-1', caseId: 'case-1' };

describe('webhook delivery chains never strand a delivery', () => {
  it('does not mark a delivery as waiting for a retry that could not be scheduled', async () => {
    const webhooks = store([pending()]);
    const deps: ChainDeps = {
      webhooks,
      send: async () => ({ ok: false, detail: 'HTTP 503' }),
      retryAt: async () => {
        throw new Error('Redis went away');
      },
      policy: { maxAttempts: 5, backoffMs: 1000 },
      now: () => now,
    };
    await expect(deliverChain(job, deps)).rejects.toThrow('Redis went away');
    // The next pass (the job's own retry) sends it at once instead of waiting for a retry that never comes.
    expect(webhooks.deliveries[0]!.nextAttemptAt).toBeUndefined();
  });

  it('schedules the waiting retry again when a pass finds one pending', async () => {
    const at = new Date(now.getTime() + 60_000).toISOString();
    const webhooks = store([pending({ attempts: 2, nextAttemptAt: at })]);
    const retries: { jobId: string; at: Date }[] = [];
    const sent: string[] = [];
    await deliverChain(job, {
      webhooks,
      send: async (endpoint) => (sent.push(endpoint), { ok: true, detail: 'HTTP 204' }),
      retryAt: async (_job, jobId, when) => void retries.push({ jobId, at: when }),
      policy: { maxAttempts: 5, backoffMs: 1000 },
      now: () => now,
    });
    expect(sent).toEqual([]);
    expect(retries).toEqual([{ jobId: 'sub-1.e1~2', at: new Date(at) }]);
  });

  it('starts the chain again for a delivery that was queued before (a redelivered event)', async () => {
    const webhooks = store();
    const started: string[] = [];
    const event = {
      id: 'e1',
      type: 'referral.created.v1',
      time: now.toISOString(),
      partitionkey: 'case-1',
      data: {
        region: 'chizhou',
        itemCode: 'CZ-JK-01',
        township: '341702001',
        route: { kind: 'department', departmentCode: 'health' },
      },
    };
    const deps = {
      webhooks,
      startChain: async (_j: unknown, jobId: string) => void started.push(jobId),
      now: () => now,
    };
    expect(await fanOutReferralEvent(event as never, deps)).toBe(1);
    expect(await fanOutReferralEvent(event as never, deps)).toBe(0);
    expect(webhooks.deliveries).toHaveLength(1);
    expect(webhooks.logged.map((e) => e.eventId)).toEqual(['e1']);
    expect(started).toEqual(['sub-1.e1', 'sub-1.e1']);
  });
});
