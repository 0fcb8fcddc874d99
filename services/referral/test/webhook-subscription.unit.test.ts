import fc from 'fast-check';
import { backoffDelay } from '../src/domain/webhooks/deliver-chain';
import { newWebhookSecret, signatureHeader, verifyWebhook } from '../src/domain/webhooks/signature';
import {
  matchesSubscription,
  mayManageSubscription,
  routedEventFacts,
  type SubscriptionFilter,
} from '../src/domain/webhooks/subscription';

const departments = ['health', 'civil_affairs', 'education', 'red_cross'];
const items = ['CZ-JK-01', 'CZ-NL-01', 'CZ-QJ-01'];
const townships = ['341702001', '341702002', '341721100'];
const types = ['referral.created.v1', 'referral.accepted.v1', 'referral.cancelled.v1'];

const facts = fc.record({
  type: fc.constantFrom(...types),
  region: fc.constantFrom('chizhou', 'changji'),
  itemCode: fc.constantFrom(...items),
  township: fc.constantFrom(...townships),
  departmentCodes: fc.uniqueArray(fc.constantFrom(...departments), { maxLength: 2 }),
});
const filter = fc.record({
  departmentCode: fc.constantFrom(...departments),
  region: fc.constantFrom('chizhou', 'changji'),
  itemCodes: fc.uniqueArray(fc.constantFrom(...items), { maxLength: 2 }),
  places: fc.uniqueArray(fc.constantFrom('341702', '341702001', '341721'), { maxLength: 2 }),
  eventTypes: fc.uniqueArray(fc.constantFrom(...types), { maxLength: 2 }),
});

describe('webhook subscription filters (property-based)', () => {
  it('never lets a department see another department’s or another region’s referral', () => {
    fc.assert(
      fc.property(filter, facts, (f, e) => {
        if (matchesSubscription(f, e)) {
          expect(e.departmentCodes).toContain(f.departmentCode);
          expect(e.region).toBe(f.region);
        }
      }),
    );
  });

  it('treats an empty list as "any", and each non-empty list as a required match', () => {
    fc.assert(
      fc.property(filter, facts, (f, e) => {
        const expected =
          e.departmentCodes.includes(f.departmentCode) &&
          e.region === f.region &&
          (f.itemCodes.length === 0 || f.itemCodes.includes(e.itemCode)) &&
          (f.places.length === 0 || f.places.some((p) => e.township.startsWith(p))) &&
          (f.eventTypes.length === 0 || f.eventTypes.includes(e.type));
        expect(matchesSubscription(f, e)).toBe(expected);
      }),
    );
  });

  it('only narrows when a filter gains a condition (adding a constraint never adds events)', () => {
    fc.assert(
      fc.property(filter, facts, fc.constantFrom(...items), (f, e, extra) => {
        const loose: SubscriptionFilter = { ...f, itemCodes: [] };
        if (matchesSubscription(f, e)) expect(matchesSubscription(loose, e)).toBe(true);
        const narrowed = { ...f, itemCodes: f.itemCodes.length ? f.itemCodes : [extra] };
        if (matchesSubscription(narrowed, e)) expect(matchesSubscription(f, e)).toBe(true);
      }),
    );
  });

  it('reads the departments from the route and the previous route of a referral event', () => {
    const f = routedEventFacts({
      type: 'referral.rerouted.v1',
      data: {
        region: 'chizhou',
        itemCode: 'CZ-JK-01',
        township: '341702001',
        route: { kind: 'department', departmentCode: 'health' },
        previousRoute: { kind: 'department', departmentCode: 'civil_affairs' },
      },
    });
    expect(f!.departmentCodes.sort()).toEqual(['civil_affairs', 'health']);
  });
});

describe('webhook signatures (Standard Webhooks)', () => {
  it('verifies with the right secret only, within the time tolerance, with either secret during a rotation', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (body, id) => {
        const [old, current] = [newWebhookSecret(), newWebhookSecret()];
        const now = Date.now();
        const ts = Math.floor(now / 1000);
        const header = signatureHeader([current, old], id, ts, body);
        const h = { id, timestamp: String(ts), signature: header };
        expect(verifyWebhook(current, h, body, now)).toBe(true);
        expect(verifyWebhook(old, h, body, now)).toBe(true);
        expect(verifyWebhook(newWebhookSecret(), h, body, now)).toBe(false);
        expect(verifyWebhook(current, h, `${body}x`, now)).toBe(false);
        expect(verifyWebhook(current, h, body, now + 600_000)).toBe(false);
      }),
      { numRuns: 50 },
    );
  });

  it('backs off exponentially, with bounded jitter', () => {
    const policy = { maxAttempts: 10, backoffMs: 1000 };
    expect(backoffDelay(policy, 1, () => 0.5)).toBe(1000);
    expect(backoffDelay(policy, 4, () => 0.5)).toBe(8000);
    expect(backoffDelay(policy, 4, () => 0)).toBe(6400);
    expect(backoffDelay(policy, 4, () => 1)).toBe(9600);
  });

  it('lets a county manage only subscriptions for places it covers, and a department only its own', () => {
    const counties = ['341702', '341721'];
    const sub = (places: string[], departmentCode = 'health') => ({ departmentCode, region: 'chizhou', places });
    const county = { role: 'county_officer' as const, region: 'chizhou', jurisdiction: '341702' };
    expect(mayManageSubscription(county, sub(['341702001', '341702']), counties)).toBe(true);
    expect(mayManageSubscription(county, sub([]), counties)).toBe(false);
    expect(mayManageSubscription(county, sub(['341702001', '341721100']), counties)).toBe(false);
    expect(mayManageSubscription({ ...county, region: 'changji' }, sub(['341702']), counties)).toBe(false);
    const cityHealth = {
      role: 'department_staff' as const,
      region: 'chizhou',
      jurisdiction: '3417',
      departmentCode: 'health',
    };
    expect(mayManageSubscription(cityHealth, sub([]), counties)).toBe(true);
    expect(mayManageSubscription(cityHealth, sub([], 'civil_affairs'), counties)).toBe(false);
    const countyHealth = { ...cityHealth, jurisdiction: '341702' };
    expect(mayManageSubscription(countyHealth, sub([]), counties)).toBe(false);
    expect(mayManageSubscription(countyHealth, sub(['341702001']), counties)).toBe(true);
    expect(mayManageSubscription(countyHealth, sub(['341721']), counties)).toBe(false);
  });
});
