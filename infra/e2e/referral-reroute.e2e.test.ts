/**
 * Referral and provider-scheduling as separate processes (real servers): a provider rejects a referral
 * through referral, provider-scheduling takes the offer back and offers it to the next provider, who
 * accepts it there; referral follows to accepted and the provider completes it.
 */
import { EventBus } from '@carelink/bus';
import { buildEvent, EligibilityDecided, topics } from '@carelink/contracts';
import { createLogger } from '@carelink/telemetry';
import { randomUUID } from 'node:crypto';
import { call, eventually, Platform, token } from './platform';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('a rejected referral moves to the next provider across services', () => {
  let platform: Platform;
  let county: string, township: string;
  const providers: Record<string, string> = {};

  beforeAll(async () => {
    platform = await Platform.launch('e2e-reroute', 4341);
    county = await token({ sub: 'officer-1', role: 'county_officer', region: 'chizhou', jurisdiction: '341702' });
    township = await token({
      sub: 'clerk-1',
      role: 'township_caseworker',
      region: 'chizhou',
      jurisdiction: '341702001',
    });
    for (const p of ['east-care', 'west-care'])
      providers[p] = await token({
        sub: `${p}-lead`,
        role: 'provider_staff',
        region: 'chizhou',
        jurisdiction: '341702',
        providerId: p,
      });
  });

  afterAll(async () => {
    const codes = await platform?.stopAll();
    expect(Object.values(codes ?? {}).every((c) => c === 0)).toBe(true);
  });

  it('withdraws the offer from the rejecting provider and offers it to the next one', async () => {
    for (const p of Object.keys(providers))
      expect(
        (
          await call('POST', platform.url('referral', '/contracts'), county, {
            providerId: p,
            providerName: `${p}（演示）`,
            region: 'chizhou',
            itemCodes: ['CZ-QJ-01'],
            townships: ['341702001'],
            monthlyCapacity: 20,
            validFrom: '2026-01-01',
            validTo: '2030-12-31',
          })
        ).status,
      ).toBe(201);
    const caseId = randomUUID();
    const bus = new EventBus({
      brokers: platform.options.kafkaBrokers,
      sasl: platform.options.kafkaSasl,
      clientId: 'e2e-reroute',
      logger: createLogger('e2e', 'silent'),
      topicPrefix: platform.topicPrefix,
    });
    await bus.publish(
      topics.assessmentCases,
      buildEvent(EligibilityDecided, {
        source: '/e2e',
        key: caseId,
        data: {
          caseId,
          caseNumber: 'CZ341702-2026-777001',
          region: 'chizhou',
          packVersion: 'e2e',
          person: { personId: 'p_00112233445566aa', name: '李桂芳' },
          address: { county: '341702', township: '341702001' },
          items: [{ itemCode: 'CZ-QJ-01', approved: true, reason: '符合条件' }],
          consent: { given: true, givenBy: 'applicant', recordedAt: new Date().toISOString() },
          // Unable to look after herself, nobody caring for her: a contracted provider's (000 三(六)1).
          circumstances: {
            age: 81,
            groups: ['tekun'],
            conditions: ['disabled_elder'],
            barthelScore: 35,
            livingAlone: true,
            carer: 'absent',
            illnesses: [],
          },
          decidedBy: 'clerk-1',
          decidedAt: new Date().toISOString(),
        },
      }),
    );
    await bus.disconnect();
    const id = encodeURIComponent(`${caseId}:CZ-QJ-01`);
    const referral = async () => (await call<Json>('GET', platform.url('referral', `/referrals/${id}`), township)).body;
    const first = await eventually('routed', async () => (await referral())?.route?.providerId as string | undefined);
    const second = Object.keys(providers).find((p) => p !== first)!;
    const assignment = (p: string) =>
      call<Json>('GET', platform.url('provider-scheduling', `/assignments/${id}`), providers[p]!);
    await eventually('offered to the first', async () =>
      (await assignment(first)).body?.status === 'offered' ? true : undefined,
    );

    const rejected = await call('POST', platform.url('referral', `/referrals/${id}/rejection`), providers[first]!, {
      reason: '本月护理员不足',
    });
    expect(rejected.status).toBe(201);
    await eventually('offered to the second', async () => {
      const a = await assignment(second);
      return a.status === 200 && a.body.status === 'offered' ? true : undefined;
    });
    // The first provider no longer holds it.
    expect((await assignment(first)).status).not.toBe(200);
    expect(
      (await call('POST', platform.url('provider-scheduling', `/assignments/${id}/acceptance`), providers[second]!, {}))
        .status,
    ).toBe(201);
    await eventually('referral accepted', async () => ((await referral()).status === 'accepted' ? true : undefined));
    expect(
      (await call('POST', platform.url('referral', `/referrals/${id}/completion`), providers[second]!, {})).status,
    ).toBe(201);
    const done = await referral();
    expect(done).toMatchObject({ status: 'completed', attempt: 2, triedProviders: [first] });
    expect(done.history.map((h: Json) => h.to)).toEqual([
      'requested',
      'rejected',
      'requested',
      'accepted',
      'completed',
    ]);
  });
});
