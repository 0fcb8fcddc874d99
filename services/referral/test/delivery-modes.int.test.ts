/**
 * Delivery modes on the real servers (referral in-process on Kafka, FerretDB and Redis): eligibility decisions
 * with the person's circumstances are routed by the first mode of the region's pack whose conditions hold —
 * Chizhou's seven modes of plan 000 三(六), Changji's basic public service or purchased service (001 五(三)) — to
 * the mode's receiver; the negation of each condition falls through to the next mode, and the referral's
 * explanation says why. The new receivers work their inbox as departments do; a charity's list is read,
 * downloaded and handed over by the county.
 */
import type { StaffPrincipal } from '@carelink/auth';
import { buildEvent, EligibilityDecided, topics, type PersonCircumstances } from '@carelink/contracts';
import { issueLocalToken, type RunningService, startService } from '@carelink/service-host';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import { randomUUID } from 'node:crypto';
import { createConfig, type ReferralConfig } from '../src/config';
import { referralService } from '../src/service';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers, checked field by field

/** A 低保 elder of 78 who cannot look after themselves, whom nobody looks after. */
const elder = (over: Partial<PersonCircumstances> = {}): PersonCircumstances => ({
  age: 78,
  groups: ['dibao'],
  conditions: ['disabled_elder'],
  barthelScore: 40,
  carer: 'absent',
  livingAlone: true,
  illnesses: [],
  ...over,
});

describe('delivery modes: routing by who the person is (real servers)', () => {
  let running: RunningService<ReferralConfig>;
  const runId = uniqueName('refmode');
  const tokens: Record<string, string> = {};
  const url = (path: string) => `http://127.0.0.1:${running.port}${path}`;
  const call = async (method: string, path: string, who: string, body?: unknown) => {
    const r = await fetch(url(path), {
      method,
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await r.text();
    let json: Json;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: r.status, body: json, type: r.headers.get('content-type') ?? '' };
  };
  const until = async <T>(what: string, probe: () => Promise<T | undefined>, tries = 300): Promise<T> => {
    for (let i = 0; i < tries; i++) {
      const v = await probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  let n = 0;
  /** Publishes a decision approving one item and waits for its referral, as the county reads it. */
  const route = async (
    itemCode: string,
    circumstances: PersonCircumstances | undefined,
    place: { township: string; village?: string } = { township: '341702001' },
    region: 'chizhou' | 'changji' = 'chizhou',
  ): Promise<Json> => {
    const caseId = randomUUID();
    const prefix = region === 'chizhou' ? 'CZ' : 'CJ';
    await running.ctx.bus.publish(
      topics.assessmentCases,
      buildEvent(EligibilityDecided, {
        source: '/test',
        key: caseId,
        data: {
          caseId,
          caseNumber: `${prefix}${place.township.slice(0, 6)}-2026-${String(930001 + n++)}`,
          region,
          packVersion: 'test',
          person: { personId: `p_${caseId.replace(/-/g, '').slice(0, 16)}`, name: '李桂兰' },
          address: { county: place.township.slice(0, 6), ...place },
          items: [{ itemCode, approved: true, reason: '符合条件' }],
          consent: { given: true, givenBy: 'applicant', recordedAt: new Date().toISOString() },
          ...(circumstances ? { circumstances } : {}),
          decidedBy: 'clerk',
          decidedAt: new Date().toISOString(),
        },
      }),
    );
    const reader = region === 'chizhou' ? (place.township.startsWith('341721') ? 'countyDz' : 'county') : 'cjCounty';
    return until(`the referral of ${itemCode}`, async () => {
      const r = await call('GET', `/referrals/${encodeURIComponent(`${caseId}:${itemCode}`)}`, reader);
      return r.status === 200 ? r.body : undefined;
    });
  };

  beforeAll(async () => {
    const servers = await testServers();
    running = await startService(
      referralService,
      createConfig({
        CARELINK_ENV: 'local',
        PORT: '0',
        MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_referral`),
        ...kafkaEnv(servers),
        KAFKA_TOPIC_PREFIX: `${runId}.`,
        REDIS_URL: servers.redisUrl,
        JOBS_PREFIX: runId,
        LOG_LEVEL: 'silent',
      }),
    );
    const staff: Record<string, Omit<StaffPrincipal, 'sub'>> = {
      county: { role: 'county_officer', region: 'chizhou', jurisdiction: '341702' },
      countyDz: { role: 'county_officer', region: 'chizhou', jurisdiction: '341721' },
      cjCounty: { role: 'county_officer', region: 'changji', jurisdiction: '652301' },
      branch: {
        role: 'department_staff',
        region: 'chizhou',
        jurisdiction: '341702001',
        departmentCode: 'party_branch_341702001201',
      },
      charity: {
        role: 'department_staff',
        region: 'chizhou',
        jurisdiction: '341702',
        departmentCode: 'charity_guichi',
      },
    };
    for (const [sub, p] of Object.entries(staff)) tokens[sub] = await issueLocalToken({ sub, ...p });
    // Providers under contract for home cleaning in 秋浦街道 (Chizhou) and cleaning in 宁边路街道 (Changji).
    for (const [who, region, itemCodes, townships] of [
      ['county', 'chizhou', ['CZ-QJ-01'], ['341702002']],
      ['cjCounty', 'changji', ['CJ-SH-04'], ['652301001']],
    ] as const)
      expect(
        (
          await call('POST', '/contracts', who, {
            providerId: `clean-${region}`,
            providerName: `${region}清洁社工`,
            region,
            itemCodes,
            townships,
            monthlyCapacity: 10,
            validFrom: '2026-01-01',
            validTo: '2099-12-31',
          })
        ).status,
      ).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await running?.stop();
  });

  describe('Chizhou, plan 000 三(六)', () => {
    const QIUPU = { township: '341702002', village: '341702002201' };

    it('三(六)1 政府购买服务: an elder who cannot look after themselves, nobody caring → a contracted provider', async () => {
      const r = await route('CZ-QJ-01', elder(), QIUPU);
      expect(r).toMatchObject({ status: 'requested', route: { kind: 'provider', providerId: 'clean-chizhou' } });
      expect(r.mode).toMatchObject({ code: 'purchased', name: '政府购买服务', handover: 'referral' });
      expect(r.explanation).toContain('按「政府购买服务」办理（000 三(六)1）');
    });

    it('三(六)1 negated (can look after themselves) → 三(六)6 邻里互助: the village’s neighbours, saying why', async () => {
      const r = await route('CZ-QJ-01', elder({ barthelScore: 90, conditions: [] }), QIUPU);
      expect(r.route).toEqual({
        kind: 'department',
        departmentCode: 'neighbours_341702002201',
        receiverKind: 'neighbours',
      });
      expect(r.mode.code).toBe('neighbour_help');
      expect(r.explanation).toContain('「政府购买服务」不适用：生活能够自理（Barthel指数90，高于60）');
    });

    it('三(六)1 negated (a carer is present), no village recorded → no neighbour roster: the township decides', async () => {
      const r = await route('CZ-QJ-01', elder({ carer: 'present' }), { township: '341702002' });
      expect(r.status).toBe('awaiting_provider');
      expect(r.explanation).toContain('有人照料');
      expect(r.explanation).toContain('暂无邻里互助队');
    });

    it('三(六)2 机构照料: 特困 people who lost self-care → a care home with a free place; full → the next; all full → the township', async () => {
      const tekun = elder({ groups: ['tekun'], barthelScore: 30 });
      const first = await route('CZ-JG-01', tekun);
      const second = await route('CZ-JG-01', tekun);
      expect([first.route.departmentCode, second.route.departmentCode]).toEqual([
        'care_home_guichi_1',
        'care_home_guichi_1',
      ]);
      const third = await route('CZ-JG-01', tekun);
      expect(third.route).toMatchObject({ departmentCode: 'care_home_guichi_2', receiverKind: 'institution' });
      expect(third.explanation).toContain('贵池区中心敬老院(示范)床位已满（2/2）');
      const fourth = await route('CZ-JG-01', tekun);
      expect(fourth.status).toBe('awaiting_provider');
      expect(fourth.explanation).toContain('暂无空余床位');
    });

    it('三(六)2 negated (psychiatric illness) → a medical institution arranged with 卫健; (can look after themselves) → none', async () => {
      const ill = await route('CZ-JG-01', elder({ groups: ['tekun'], barthelScore: 30, illnesses: ['psychiatric'] }));
      expect(ill.route).toEqual({ kind: 'department', departmentCode: 'health' });
      expect(ill.mode.code).toBe('medical_custody');
      expect(ill.explanation).toContain('患有精神病，不宜适用');
      const able = await route('CZ-JG-01', elder({ groups: ['tekun'], barthelScore: 95 }));
      expect(able.status).toBe('awaiting_provider');
      expect(able.explanation).toContain('生活能够自理');
    });

    it('三(六)3 部门联动: a health check → 卫健, whoever the person is', async () => {
      const r = await route('CZ-JK-01', elder({ barthelScore: 100, carer: 'present' }));
      expect(r.route).toEqual({ kind: 'department', departmentCode: 'health' });
      expect(r.mode.code).toBe('department_linked');
    });

    it('三(六)4 党建+救助: a 特困 person → the village party branch, which accepts in its inbox; a 低保 person → not', async () => {
      const r = await route('CZ-DJ-01', elder({ groups: ['tekun'] }), {
        township: '341702001',
        village: '341702001201',
      });
      expect(r.route).toEqual({
        kind: 'department',
        departmentCode: 'party_branch_341702001201',
        receiverKind: 'party_branch',
      });
      expect(r.mode.handover).toBe('pairing');
      const inbox = await call('GET', '/referrals', 'branch');
      expect(inbox.status).toBe(200);
      expect((inbox.body.items as Json[]).map((i) => i.referralId)).toContain(r.referralId);
      const accepted = await call('POST', `/referrals/${encodeURIComponent(r.referralId)}/acceptance`, 'branch', {});
      expect(accepted.status).toBe(201);
      expect(accepted.body.status).toBe('accepted');
      const dibao = await route('CZ-DJ-01', elder(), { township: '341702001', village: '341702001201' });
      expect(dibao.status).toBe('awaiting_provider');
      expect(dibao.explanation).toContain('不属于特困人员');
    });

    it('三(六)5 社工志愿: counselling → the village’s red-vest team; without the village → the township decides', async () => {
      const r = await route('CZ-NL-02', elder(), QIUPU);
      expect(r.route).toMatchObject({ departmentCode: 'red_vest_341702002201', receiverKind: 'village_team' });
      const noVillage = await route('CZ-NL-02', elder(), { township: '341702002' });
      expect(noVillage.status).toBe('awaiting_provider');
      expect(noVillage.explanation).toContain('未登记所在村(社区)');
    });

    it('三(六)7 慈善救济: an elder goes on the charity’s monthly list, read, downloaded and handed over by the county', async () => {
      const r = await route('CZ-JJ-01', elder({ barthelScore: 100, conditions: [] }));
      expect(r).toMatchObject({
        status: 'awaiting_list',
        route: { departmentCode: 'charity_guichi', receiverKind: 'charity' },
      });
      expect(r.mode).toMatchObject({ code: 'charity_relief', handover: 'monthly_list', category: '老年人' });
      // Not in the charity's inbox before the list is handed over.
      expect(
        ((await call('GET', '/referrals', 'charity')).body.items as Json[]).map((i) => i.referralId),
      ).not.toContain(r.referralId);
      const month = r.month as string;
      const list = await call('GET', `/charity-lists/charity_guichi/${month}`, 'county');
      expect(list.status).toBe(200);
      const row = (list.body.items as Json[]).find((i) => i.referralId === r.referralId);
      expect(row).toMatchObject({
        person: { name: '李桂兰' },
        townshipName: '池阳街道',
        category: '老年人',
        handedOverAt: null,
      });
      expect(JSON.stringify(list.body)).not.toMatch(/idNumber|personId/);
      const csv = await call('GET', `/charity-lists/charity_guichi/${month}?format=csv`, 'county');
      expect(csv.type).toContain('text/csv');
      expect(csv.body).toContain('李桂兰');
      const xlsx = await fetch(url(`/charity-lists/charity_guichi/${month}?format=xlsx`), {
        headers: { authorization: `Bearer ${tokens.county}` },
      });
      expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
      expect((await xlsx.arrayBuffer()).byteLength).toBeGreaterThan(1000);
      const handed = await call('POST', `/charity-lists/charity_guichi/${month}/handover`, 'county');
      expect(handed.status).toBe(201);
      expect(handed.body.handedOver).toContain(r.referralId);
      const after = await call('GET', `/referrals/${encodeURIComponent(r.referralId)}`, 'county');
      expect(after.body).toMatchObject({ status: 'requested', listedHandover: { by: 'county' } });
      expect(after.body.history.at(-1)).toMatchObject({ from: 'awaiting_list', to: 'requested', by: 'county' });
      const inbox = await call('GET', '/referrals', 'charity');
      expect((inbox.body.items as Json[]).map((i) => i.referralId)).toContain(r.referralId);
      // Handing over again changes nothing.
      expect((await call('POST', `/charity-lists/charity_guichi/${month}/handover`, 'county')).body.handedOver).toEqual(
        [],
      );
    });

    it('三(六)7 negated (a 40-year-old neither disabled nor ill) → not on the list: the township decides', async () => {
      const r = await route('CZ-JJ-01', elder({ age: 40, conditions: [], barthelScore: 100 }));
      expect(r.status).toBe('awaiting_provider');
      expect(r.explanation).toContain('「慈善救济服务」不适用：不是老年人');
    });
  });

  describe('Changji, plan 001 五(三)', () => {
    it('a basic public service → its department; a purchased service → a contracted provider', async () => {
      const place = { township: '652301001' };
      const dept = await route('CJ-ZH-02', undefined, place, 'changji');
      expect(dept.route).toEqual({ kind: 'department', departmentCode: 'health' });
      expect(dept.mode.code).toBe('basic_public_service');
      const bought = await route('CJ-SH-04', elder(), place, 'changji');
      expect(bought.route).toMatchObject({ kind: 'provider', providerId: 'clean-changji' });
      expect(bought.explanation).toContain('「部门基本公共服务」不提供');
      expect(bought.explanation).toContain('按「政府购买服务」办理（001 五(三)）');
    });
  });
});
