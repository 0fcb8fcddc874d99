/**
 * Crash safety: SIGKILL a service mid-flow (no shutdown hooks), restart it, and check that every
 * effect happened exactly once — nothing lost, nothing doubled.
 */
import { topics } from '@carelink/contracts';
import {
  adapterToken,
  call,
  eventually,
  handledSoFar,
  investigate,
  Platform,
  readAllEvents,
  residentId,
  sleep,
  token,
} from './platform';
import { registerTrainedWorker } from './workers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const N = 8;

describe('SIGKILL mid-flow, restart: nothing lost, nothing doubled', () => {
  let platform: Platform;
  let county: string, township: string, provider: string;

  beforeAll(async () => {
    platform = await Platform.launch('e2e-kill', 4311);
    county = await token({ sub: 'officer-1', role: 'county_officer', region: 'changji', jurisdiction: '652301' });
    township = await token({
      sub: 'clerk-1',
      role: 'township_caseworker',
      region: 'changji',
      jurisdiction: '652301101',
    });
    provider = await token({
      sub: 'lead-1',
      role: 'provider_staff',
      region: 'changji',
      jurisdiction: '652301',
      providerId: 'tianshan-care',
    });
  });

  afterAll(async () => {
    await platform?.stopAll();
  });

  it('assessment killed while cases open, settlement killed while visits accrue', async () => {
    expect(
      (
        await call('POST', platform.url('referral', '/contracts'), county, {
          providerId: 'tianshan-care',
          providerName: '天山社会工作服务中心（演示）',
          region: 'changji',
          itemCodes: ['CJ-SH-04'],
          townships: ['652301101'],
          monthlyCapacity: 100,
          validFrom: '2026-01-01',
          validTo: '2027-12-31',
        })
      ).status,
    ).toBe(201);

    // Eight elderly residents apply for cleaning (家政助洁); assessment is killed half-way.
    const caseIds: string[] = [];
    for (let i = 0; i < N; i++) {
      const r = await call<Json>('POST', platform.url('intake', '/requests'), township, {
        region: 'changji',
        channel: 'online',
        applicant: { name: `居民${i}`, idNumber: residentId('652301', '1945-06-01', 100 + i) },
        address: { township: '652301101' },
        declaredGroups: ['dibao'],
        consentToShare: true,
        declaredConditions: ['elderly'],
        items: ['CJ-SH-04'],
      });
      expect(r.status).toBe(201);
      caseIds.push(r.body.caseId);
      if (i === N / 2 - 1) await platform.kill('assessment');
    }
    await sleep(500);
    platform.start('assessment');
    await platform.waitReady('assessment');

    // Changji: township reviews, county approves and files.
    for (const caseId of caseIds) {
      await eventually(`case ${caseId} opened`, async () =>
        (await call('GET', platform.url('assessment', `/cases/${caseId}`), township)).status === 200 ? true : undefined,
      );
      await investigate(platform, caseId, { token: township, staffId: 'clerk-1', office: '652301101' });
      expect(
        (
          await call('POST', platform.url('assessment', `/cases/${caseId}/decisions`), township, {
            items: [{ itemCode: 'CJ-SH-04', approve: true }],
            missingDocumentsReason: '材料原件已入户查验，复印件补交中',
          })
        ).status,
      ).toBe(201);
      const approved = await call<Json>('POST', platform.url('assessment', `/cases/${caseId}/decisions`), county, {
        items: [{ itemCode: 'CJ-SH-04', approve: true }],
      });
      expect(approved.body.status).toBe('decided');
    }

    // The provider accepts and schedules one visit per case, each by a registered, trained worker of its own
    // (one worker cannot be at two people's at once).
    const visitIds: string[] = [];
    for (const [i, caseId] of caseIds.entries()) {
      const workerId = await registerTrainedWorker(platform.url('provider-scheduling', '/workers'), provider, {
        region: 'changji',
        itemCodes: ['CJ-SH-04'],
        name: `护理员${i + 1}`,
        seq: 100 + i,
      });
      const referralId = encodeURIComponent(`${caseId}:CJ-SH-04`);
      await eventually('assignment', async () =>
        (await call('GET', platform.url('provider-scheduling', `/assignments/${referralId}`), provider)).status === 200
          ? true
          : undefined,
      );
      expect(
        (await call('POST', platform.url('provider-scheduling', `/assignments/${referralId}/acceptance`), provider, {}))
          .status,
      ).toBe(201);
      const v = await call<Json>(
        'POST',
        platform.url('provider-scheduling', `/assignments/${referralId}/visits`),
        provider,
        { workerId, scheduledFor: new Date().toISOString(), durationMinutes: 15 },
      );
      expect(v.status).toBe(201);
      visitIds.push(v.body.visitId);
    }

    // Deliveries are recorded, and each confirmed by its recipient with the worker's code through the chat bot's
    // adapter, while settlement is killed in the middle of accruing them.
    const chatBot = await adapterToken({
      sub: 'telegram-bot',
      region: 'changji',
      jurisdiction: '6523',
      channel: 'chatbot',
    });
    for (const [i, visitId] of visitIds.entries()) {
      const d = await call<Json>('POST', platform.url('provider-scheduling', `/visits/${visitId}/delivery`), provider, {
        deliveredAt: new Date().toISOString(),
        units: 1,
      });
      expect(d.status).toBe(201);
      const confirmed = await call<Json>(
        'POST',
        platform.url('provider-scheduling', `/visits/${visitId}/confirmation`),
        chatBot,
        { code: d.body.confirmationCode, via: 'telegram' },
      );
      expect(confirmed.body.verification).toBe('verified');
      if (i === 2) await platform.kill('settlement');
    }
    await sleep(500);
    platform.start('settlement');
    await platform.waitReady('settlement');

    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
      .format(new Date())
      .slice(0, 7);
    const statement = await eventually(
      'all visits accrued',
      async () => {
        const r = await call<Json>(
          'GET',
          platform.url('settlement', `/statements?providerId=tianshan-care&month=${month}`),
          township,
        );
        return r.status === 200 && r.body.visitCount >= N ? r.body : undefined;
      },
      90_000,
    );
    // Would a late duplicate show up? Once settlement has handled every visit event there is, no more can.
    await handledSoFar(platform, 'settlement', [topics.visits.name]);
    const final = await call<Json>(
      'GET',
      platform.url('settlement', `/statements?providerId=tianshan-care&month=${month}`),
      township,
    );
    expect(final.body.visitCount).toBe(N);
    expect(final.body.totalFen).toBe(N * 5000);
    expect(statement.totalFen).toBe(N * 5000);

    const events = await readAllEvents(platform.options.kafkaBrokers, platform.topicPrefix);
    const distinct = (type: string) => new Set(events.filter((e) => e.type === type).map((e) => e.id)).size;
    expect(distinct('case.opened.v1')).toBe(N);
    expect(distinct('eligibility.decided.v2')).toBe(N);
    expect(distinct('referral.created.v1')).toBe(N);
    expect(distinct('settlement.accrued.v1')).toBe(N);
    const accruedVisits = events.filter((e) => e.type === 'settlement.accrued.v1').map((e) => e.data.visitId);
    expect(new Set(accruedVisits)).toEqual(new Set(visitIds));
    expect(events.filter((e) => e.topic === 'carelink.deadletter.v1')).toEqual([]);
  });
});
