import {
  buildEvent,
  ReferralCreated,
  ReferralCreatedV2,
  ReferralReceived,
  type CloudEvent,
  type EventInput,
} from '@carelink/contracts';
import type { Delivery, LoggedEvent } from '../src/domain/webhooks/delivery';
import { fanOutReferralEvent, replaySince, type DeliveryQueue } from '../src/domain/webhooks/fan-out';
import {
  carriesContact,
  contactForDepartment,
  departmentEventV2,
  type SharedContactRecord,
} from '../src/domain/share-contact/department-contact';
import { passOnToDepartments } from '../src/domain/share-contact/pass-on-to-departments';
import { policies } from './fixtures';
import { matchesSubscription, typeAsReceived, type WebhookSubscription } from '../src/domain/webhooks/subscription';

const CASE = '0192f3a4-5b6c-7d8e-9f00-112233445566';
const PERSON = 'p_0123456789abcdef0123456789abcdef';

const shared: SharedContactRecord = {
  caseId: CASE,
  caseNumber: 'CZ341702-2026-000008',
  region: 'chizhou',
  personId: PERSON,
  township: '341702001',
  consent: { givenBy: 'applicant', recordedAt: '2026-11-25T08:30:00.000Z', covers: ['name', 'phone', 'address'] },
  contact: {
    name: '王秀英',
    phone: { number: '13905661234', confirmed: false },
    address: { county: '341702', township: '341702001', detail: '长江路12号', text: '贵池区秋浦街道 长江路12号' },
  },
  sharedAt: '2026-11-25T08:30:00.000Z',
};

const createdData = (over: Partial<EventInput<typeof ReferralCreated>> = {}): EventInput<typeof ReferralCreated> => ({
  referralId: `${CASE}:CZ-JK-01`,
  caseId: CASE,
  caseNumber: 'CZ341702-2026-000008',
  region: 'chizhou',
  itemCode: 'CZ-JK-01',
  township: '341702001',
  person: { personId: PERSON, name: '王秀英' },
  route: { kind: 'department', departmentCode: 'health' },
  explanation: '转介至卫健委',
  sharingBasis: { basis: 'consent', givenBy: 'applicant' },
  createdAt: '2026-12-01T02:00:00.000Z',
  attempt: 1,
  ...over,
});
const created = (over?: Partial<EventInput<typeof ReferralCreated>>) =>
  buildEvent(ReferralCreated, { source: '/referral', key: CASE, data: createdData(over), id: 'ev-created' });
const received = buildEvent(ReferralReceived, {
  source: '/referral',
  key: CASE,
  id: 'ev-received',
  data: {
    referralId: `${CASE}:CZ-JK-01`,
    caseId: CASE,
    region: 'chizhou',
    itemCode: 'CZ-JK-01',
    township: '341702001',
    route: { kind: 'department', departmentCode: 'health' },
    from: 'requested',
    to: 'received',
    attempt: 1,
    by: 'health-1',
    at: '2026-12-01T03:00:00.000Z',
  },
});

describe('which contact fields go to the department (contactForDepartment)', () => {
  const referral = { sharingBasis: { basis: 'consent' as const }, person: { personId: PERSON } };

  it('with consent: exactly the parts the consent covers', () => {
    expect(contactForDepartment(referral, shared)).toEqual(shared.contact);
    expect(contactForDepartment(referral, { ...shared, consent: { ...shared.consent, covers: ['phone'] } })).toEqual({
      phone: shared.contact.phone,
    });
  });

  it('without consent (a township override) or with nothing on file: none', () => {
    expect(contactForDepartment({ ...referral, sharingBasis: { basis: 'override' } }, shared)).toBeUndefined();
    expect(contactForDepartment({ person: referral.person }, shared)).toBeUndefined();
    expect(contactForDepartment(referral, undefined)).toBeUndefined();
  });

  it('never a contact shared for another person than the referral’s', () => {
    expect(
      contactForDepartment({ ...referral, person: { personId: 'p_someone_else_0000000' } }, shared),
    ).toBeUndefined();
  });
});

describe('the department payload, version 2 (departmentEventV2)', () => {
  it('turns referral.created into .v2 with the contact, same id, time and key, valid against its schema', () => {
    const v1 = created();
    const v2 = departmentEventV2(v1, shared);
    expect(v2).toMatchObject({ id: v1.id, time: v1.time, partitionkey: CASE, type: 'referral.created.v2' });
    expect(ReferralCreatedV2.schema.parse(v2.data)).toEqual({ ...v1.data, contact: shared.contact });
    expect(carriesContact(v2)).toBe(true);
  });

  it('without consent: referral.created.v2 with no contact at all', () => {
    const v2 = departmentEventV2(created({ sharingBasis: { basis: 'override', by: 'clerk-1' } }), shared);
    expect(v2.type).toBe('referral.created.v2');
    expect(v2.data).not.toHaveProperty('contact');
    expect(carriesContact(v2)).toBe(false);
  });

  it('leaves every other event as it is', () => {
    expect(departmentEventV2(received, shared)).toBe(received);
  });

  it('a v1 event (history) read as v2 has no contact (the upcaster)', () => {
    const v1 = created();
    const v2 = departmentEventV2(v1, undefined);
    expect(ReferralCreatedV2.schema.parse(v2.data)).toEqual(v1.data);
  });
});

/** An in-memory delivery queue: what fan-out and replay queue, in order. */
function memoryQueue(subscriptions: WebhookSubscription[]) {
  const queued: Omit<Delivery, 'seq' | 'status' | 'attempts' | 'createdAt'>[] = [];
  const log: LoggedEvent[] = [];
  const queue: DeliveryQueue = {
    logEvent: async (e) => {
      if (log.some((l) => l.eventId === e.eventId)) return false;
      log.push(e);
      return true;
    },
    eventsSince: async () => log,
    subscriptionsOf: async () => subscriptions,
    enqueue: async (d) => {
      if (queued.some((q) => q.deliveryId === d.deliveryId)) return undefined;
      queued.push(d);
      return { ...d, seq: queued.length, status: 'pending', attempts: 0, createdAt: '' };
    },
  };
  return { queue, queued, log };
}

const subscription = (id: string, over: Partial<WebhookSubscription> = {}): WebhookSubscription => ({
  subscriptionId: id,
  departmentCode: 'health',
  region: 'chizhou',
  itemCodes: [],
  places: [],
  eventTypes: [],
  endpoint: `https://health.example.org/${id}`,
  active: true,
  createdBy: 'health-1',
  createdAt: '2026-11-01T00:00:00.000Z',
  ...over,
});

describe('passing referral events on to departments (topics and webhooks)', () => {
  const run = async (event: CloudEvent, contact: SharedContactRecord | undefined, subs: WebhookSubscription[]) => {
    const { queue, queued, log } = memoryQueue(subs);
    const published: { topic: string; event: CloudEvent }[] = [];
    const deps = {
      contacts: { of: async (caseId: string) => (caseId === CASE ? contact : undefined) },
      publishToDepartment: async (topic: { name: string }, e: CloudEvent) =>
        void published.push({ topic: topic.name, event: e }),
      webhooks: queue,
      startChain: async () => undefined,
      now: () => new Date('2026-12-01T02:00:01.000Z'),
      policies,
    };
    await passOnToDepartments(event, deps);
    return { queued, log, published, deps };
  };
  const v1 = subscription('sub-v1');
  const v2 = subscription('sub-v2', { version: 2 });

  it('with consent: the .v2 topic and a version-2 subscription get the contact; a version-1 subscription gets v1', async () => {
    const { queued, published, log } = await run(created(), shared, [v1, v2]);
    expect(published.map((p) => [p.topic, p.event.type, p.event.id])).toEqual([
      ['carelink.referral.department.chizhou.health.v2', 'referral.created.v2', 'ev-created'],
    ]);
    expect((published[0]!.event.data as { contact: unknown }).contact).toEqual(shared.contact);
    const of = (id: string) => queued.find((d) => d.subscriptionId === id)!;
    expect(of('sub-v1')).toMatchObject({ eventType: 'referral.created.v1', eventId: 'ev-created' });
    expect(of('sub-v1').personal).toBeUndefined();
    expect(JSON.parse(of('sub-v1').body).data).not.toHaveProperty('contact');
    expect(of('sub-v2')).toMatchObject({ eventType: 'referral.created.v2', eventId: 'ev-created', personal: true });
    expect(JSON.parse(of('sub-v2').body).data.contact).toEqual(shared.contact);
    // The replay log keeps the event as published: no contact.
    expect(log[0]!.body).not.toContain('13905661234');
  });

  it('without consent: no contact anywhere, whatever is on file', async () => {
    const { queued, published } = await run(created({ sharingBasis: { basis: 'override', by: 'clerk-1' } }), shared, [
      v1,
      v2,
    ]);
    expect(published[0]!.event.type).toBe('referral.created.v2');
    expect(JSON.stringify(published)).not.toContain('13905661234');
    expect(JSON.stringify(queued)).not.toContain('13905661234');
    expect(queued.every((d) => !d.personal)).toBe(true);
  });

  it('copies every other event to the .v2 topic unchanged, and sends a provider’s referral to no department', async () => {
    const transition = await run(received, shared, [v2]);
    expect(transition.published).toEqual([
      { topic: 'carelink.referral.department.chizhou.health.v2', event: received },
    ]);
    const provider = await run(
      created({ route: { kind: 'provider', providerId: 'sunshine', contractId: 'c-1' } }),
      shared,
      [v2],
    );
    expect(provider.published).toEqual([]);
    expect(provider.queued).toEqual([]);
  });

  it('run twice, queues each delivery once', async () => {
    const { queue, queued } = memoryQueue([v1, v2]);
    const deps = {
      contacts: { of: async () => shared },
      publishToDepartment: async () => undefined,
      webhooks: queue,
      startChain: async () => undefined,
      now: () => new Date(),
      policies,
    };
    await passOnToDepartments(created(), deps);
    await passOnToDepartments(created(), deps);
    expect(queued).toHaveLength(2);
  });

  it('replays to a version-2 subscription with the contact as on file now, to a version-1 one as logged', async () => {
    const { queue, queued } = memoryQueue([v1, v2]);
    const deps = { webhooks: queue, startChain: async () => undefined, now: () => new Date() };
    await fanOutReferralEvent(created(), deps);
    const asVersion2 = async (e: CloudEvent) => departmentEventV2(e, shared);
    await replaySince(v2, '2026-01-01T00:00:00.000Z', 'replay-1', { ...deps, asVersion2 });
    await replaySince(v1, '2026-01-01T00:00:00.000Z', 'replay-2', { ...deps, asVersion2 });
    const replayed = queued.filter((d) => d.replay);
    expect(replayed.map((d) => [d.subscriptionId, d.eventType, Boolean(d.personal)])).toEqual([
      ['sub-v2', 'referral.created.v2', true],
      ['sub-v1', 'referral.created.v1', false],
    ]);
  });
});

describe('a subscription’s version and its event-type filter', () => {
  it('names referral.created by the version it receives', () => {
    expect(typeAsReceived({ version: 2 }, 'referral.created.v1')).toBe('referral.created.v2');
    expect(typeAsReceived({}, 'referral.created.v1')).toBe('referral.created.v1');
    expect(typeAsReceived({ version: 2 }, 'referral.accepted.v1')).toBe('referral.accepted.v1');
    const facts = {
      type: 'referral.created.v1',
      region: 'chizhou',
      itemCode: 'CZ-JK-01',
      township: '341702001',
      departmentCodes: ['health'],
    };
    expect(matchesSubscription(subscription('a', { version: 2, eventTypes: ['referral.created.v2'] }), facts)).toBe(
      true,
    );
    expect(matchesSubscription(subscription('b', { eventTypes: ['referral.created.v2'] }), facts)).toBe(false);
    expect(matchesSubscription(subscription('c', { eventTypes: ['referral.created.v1'] }), facts)).toBe(true);
  });
});
