/**
 * Settlement on the real servers (Kafka, FerretDB, Redis) for the funding tests at county approval: the packs are
 * the repository's, with Chizhou's 341702 budget year 2026 made small in this run's copy (pooled ¥10,000 → a 1 % cap
 * of ¥100; ¥30 of temporary assistance before the capped work funds), so a handful of ¥15.00 visits reaches the cap.
 * Visits and plans are published as provider-scheduling does; statements are read, confirmed and approved over HTTP.
 */
import type { StaffPrincipal } from '@carelink/auth';
import { buildEvent, PlanApproved, PlanStopped, topics } from '@carelink/contracts';
import { issueLocalToken, startService, type RunningService } from '@carelink/service-host';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createConfig, type SettlementConfig } from '../src/config';
import { reconcileLedger } from '../src/domain/funding/allocation-ledger';
import { statementsToReconcile } from '../src/domain/funding/funding-overview';
import { FundingRepository } from '../src/data-access/funding-repository';
import { settlementService } from '../src/service';
import { deliveredV2, VISIT } from './visit-fixture';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers, checked field by field

/** Staff of Chizhou every funding test acts as: the township's caseworker confirms, the county's officer approves. */
const CHIZHOU_STAFF: Record<string, StaffPrincipal> = {
  township: { sub: 'tw-1', role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702001' },
  county: { sub: 'cty-1', role: 'county_officer', region: 'chizhou', jurisdiction: '341702' },
};

/** Copies the repository's packs with Chizhou's 341702 budget year 2026 made small; returns the copy's folder. */
function packsWithSmallChizhou(runName: string): string {
  const policyDir = mkdtempSync(join(tmpdir(), `settlement-${runName}-packs-`));
  cpSync(resolve(__dirname, '../../../policy'), policyDir, { recursive: true });
  const chizhou = join(policyDir, 'chizhou.yaml');
  // The first county-year of the pack is 341702's 2026: replace its amounts (first occurrences) in this copy.
  let text = readFileSync(chizhou, 'utf8');
  for (const [from, to] of [
    ['pooledAssistanceFundsFen: 20000000000,', 'pooledAssistanceFundsFen: 1000000,'],
    ['temporary_assistance: 80000000,', 'temporary_assistance: 3000,'],
    ['assistance_work_funds: 200000000,', 'assistance_work_funds: 10000,'],
    ['other_service_funds: 100000000,', 'other_service_funds: 0,'],
    ['charity_funds: 30000000,', 'charity_funds: 0,'],
  ] as const) {
    expect(text).toContain(from);
    text = text.replace(from, to);
  }
  writeFileSync(chizhou, text);
  return policyDir;
}

/** The path of a provider's statement of the month (in Chizhou's 341702001 unless told otherwise). */
export const statementPath = (month: string, providerId: string, township = VISIT.township) =>
  `/statements/${month}/${township}/${providerId}`;

/** n visits of October, one a day from October 2nd. */
export const october = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i + 1}`,
    at: `2026-10-${String(i + 2).padStart(2, '0')}T09:00:00+08:00`,
  }));

/**
 * Starts settlement for the enclosing describe (before all its tests; stopped and its database dropped after) and
 * gives the tests its staff's calls. `staff` adds principals to act as, beside Chizhou's township and county.
 */
export function settlementOnServers(runName: string, staff: Record<string, StaffPrincipal> = {}) {
  let running: RunningService<SettlementConfig> | undefined;
  let config: SettlementConfig;
  let policyDir: string | undefined;
  const tokens: Record<string, string> = {};
  const runId = uniqueName(runName);

  beforeAll(async () => {
    policyDir = packsWithSmallChizhou(runName);
    const servers = await testServers();
    config = createConfig({
      CARELINK_ENV: 'local',
      PORT: '0',
      MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_settlement`),
      ...kafkaEnv(servers),
      KAFKA_TOPIC_PREFIX: `${runId}.`,
      REDIS_URL: servers.redisUrl,
      JOBS_PREFIX: runId,
      POLICY_DIR: policyDir,
      LOG_LEVEL: 'silent',
    });
    running = await startService(settlementService, config);
    for (const [who, principal] of Object.entries({ ...CHIZHOU_STAFF, ...staff }))
      tokens[who] = await issueLocalToken(principal);
  });

  afterAll(async () => {
    await running?.ctx.connection.dropDatabase();
    await running?.stop();
    if (policyDir) rmSync(policyDir, { recursive: true, force: true });
  });

  const service = () => {
    if (!running) throw new Error('settlement is not running');
    return running;
  };

  /** Calls settlement's HTTP API as `who`: the answer's status, its bytes, and its body when it is JSON. */
  const call = async (method: string, path: string, who: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${service().port}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const type = res.headers.get('content-type') ?? '';
    const bytes = Buffer.from(await res.arrayBuffer());
    return {
      status: res.status,
      bytes,
      body: (type.includes('json') ? JSON.parse(bytes.toString('utf8')) : {}) as Json,
    };
  };

  const until = async (probe: () => Promise<boolean>, tries = 150) => {
    for (let i = 0; i < tries; i++) {
      if (await probe()) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('timed out');
  };

  /** The statement at `path` once it holds `lineCount` lines (the consumer works behind the topics). */
  const statementOnceItHolds = async (path: string, lineCount: number, who = 'township') => {
    await until(async () => (await call('GET', path, who)).body.lines?.length === lineCount);
    return (await call('GET', path, who)).body;
  };

  /** Publishes the visits (the pack's ¥15.00 meal help unless told otherwise) and returns the draft statement once it holds them all. */
  const deliver = async (
    providerId: string,
    visits: { id: string; at: string }[],
    over: Parameters<typeof deliveredV2>[0] = {},
    who = 'township',
  ) => {
    const township = over.township ?? VISIT.township;
    for (const v of visits)
      await service().ctx.bus.publish(
        topics.visits,
        deliveredV2(
          {
            itemCode: 'CZ-SH-01',
            units: 1,
            referralId: `ref-${providerId}`,
            ...over,
            providerId,
            visitId: v.id,
            deliveredAt: v.at,
          },
          `ev-${v.id}`,
        ),
      );
    return statementOnceItHolds(statementPath(visits[0]!.at.slice(0, 7), providerId, township), visits.length, who);
  };

  /** The provider's weekly meal-help plan for the fixture's visit, approved from October 1st 2026; `stop` ends it. */
  const approvePlan = async (planId: string, providerId: string) => {
    const facts = { planId, ...VISIT, providerId, referralId: `ref-${providerId}`, itemCode: 'CZ-SH-01' };
    await service().ctx.bus.publish(
      topics.visits,
      buildEvent(PlanApproved, {
        source: '/test',
        key: VISIT.caseId,
        data: {
          ...facts,
          planVersion: 1,
          rrule: 'FREQ=WEEKLY;BYDAY=MO',
          startDate: '2026-10-01',
          endDate: '2027-08-31',
          durationMinutes: 60,
          tasks: ['送餐'],
          workerId: 'w-1',
          approvedBy: 'tw-1',
        },
      }),
    );
    return {
      /** Learnt later: the person left 低保 and the plan stopped at `stoppedAt`. */
      stop: (stoppedAt: string) =>
        service().ctx.bus.publish(
          topics.visits,
          buildEvent(PlanStopped, {
            source: '/test',
            key: VISIT.caseId,
            data: { ...facts, planVersion: 1, reason: '已退出低保', stoppedAt },
          }),
        ),
    };
  };

  /** The ledger of 341702's 2026, read from the store, reconciled with the approved statements' lines. */
  const reconciled = async () => {
    const approved = await new FundingRepository(service().ctx.connection).approvedOf('341702', 2026);
    return reconcileLedger(
      approved.flatMap((s) => s.ledger ?? []),
      statementsToReconcile(approved),
    );
  };

  /** Stops settlement and starts it again on the same database and topics, as a new deployment would. */
  const restart = async () => {
    await service().stop();
    running = await startService(settlementService, config);
  };

  return {
    /** The settlement running now (a restart replaces it). */
    get running() {
      return service();
    },
    call,
    deliver,
    statementOnceItHolds,
    approvePlan,
    reconciled,
    restart,
  };
}
