/**
 * The referral queries on the real MongoDB-wire server: listings of a jurisdiction and of a receiver, a
 * provider's load and the event log's replay answer as the queries they replaced did, from filters FerretDB
 * pushes down to SQL; referrals and logged events stored before the query fields existed get them at start.
 */
import pino from 'pino';
import type { Connection } from 'mongoose';
import { CommitPort, connectMongo, FieldCipher } from '@carelink/store';
import { databaseUrl, testServers, uniqueName, watchQueries } from '@carelink/test-servers';
import { OPEN_STATES, type ReferralRecord, type ReferralStatus, type Route } from '../src/domain/referral';
import type { LoggedEvent } from '../src/domain/webhooks/delivery';
import { referralCommits } from '../src/data-access/referral-commits';
import { receiverFields, ReferralRepository } from '../src/data-access/referral-repository';
import { WebhookRepository } from '../src/data-access/webhook-repository';
import { policies } from './fixtures';

const TOWNSHIPS = ['341702001', '341702002', '341721001'];
const STATUSES: ReferralStatus[] = [
  'awaiting_consent',
  'requested',
  'received',
  'accepted',
  'in_progress',
  'completed',
  'cancelled',
  'awaiting_provider',
  'failed',
];
const ROUTES: (Route | undefined)[] = [
  { kind: 'provider', providerId: 'prov-a', contractId: 'con-a' },
  { kind: 'provider', providerId: 'prov-b', contractId: 'con-b' },
  { kind: 'department', departmentCode: 'health' },
  undefined,
];

function referral(i: number, createdAt: string): ReferralRecord {
  const status = STATUSES[i % STATUSES.length]!;
  return {
    referralId: `ref-${i}`,
    caseId: `case-${i % 5}`,
    caseNumber: `CZ-${i % 5}`,
    region: 'chizhou',
    itemCode: 'CZ-QJ-01',
    township: TOWNSHIPS[i % TOWNSHIPS.length]!,
    person: { personId: `p_${i % 5}`, name: '申请人' },
    status,
    ...(ROUTES[i % ROUTES.length] ? { route: ROUTES[i % ROUTES.length] } : {}),
    explanation: '',
    month: createdAt.slice(0, 7),
    createdAt,
    ...(status === 'awaiting_consent' || i % 7 === 0
      ? {}
      : { sharingBasis: { basis: 'consent', givenBy: 'applicant' } }),
  };
}

describe('referral queries (real MongoDB-wire server)', () => {
  let connection: Connection;
  let referrals: ReferralRepository;
  let webhooks: WebhookRepository;
  const all: ReferralRecord[] = [];
  const logged: LoggedEvent[] = [];

  beforeAll(async () => {
    const url = databaseUrl((await testServers()).mongoUrl, `${uniqueName('refq')}_referral`);
    connection = await connectMongo(url, pino({ level: 'silent' }), 10, { monitorCommands: true });
    const start = Date.parse('2026-06-25T02:00:00.000Z');
    for (let i = 0; i < 36; i++) all.push(referral(i, new Date(start + i * 4 * 86_400_000).toISOString()));
    for (let i = 0; i < 30; i++)
      logged.push({
        eventId: `ev-${i}`,
        caseId: `case-${i % 3}`,
        time: new Date(start + i * 5 * 86_400_000).toISOString(),
        type: 'referral.created.v1',
        facts: {} as never,
        body: '{}',
      });
    // Referrals and logged events stored before the query fields existed …
    await connection
      .collection('referrals')
      .insertMany(
        all
          .slice(0, 20)
          .map(({ referralId, ...rest }) => ({ _id: referralId, ...rest, ...receiverFields(rest.route) })) as never[],
      );
    await connection
      .collection('referral_event_log')
      .insertMany(
        logged.slice(0, 15).map(({ eventId, ...rest }, i) => ({ _id: eventId, ...rest, logSeq: i + 1 })) as never[],
      );
    referrals = new ReferralRepository(connection);
    webhooks = new WebhookRepository(connection, new FieldCipher('a'.repeat(64), '0'.repeat(64)));
    await referrals.prepare();
    await webhooks.prepare();
    // … and referrals written since, through the commit port (the query fields come from the state mapping).
    const commits = referralCommits(
      new CommitPort({ connection, source: '/carelink/referral', context: { policies } }),
      referrals,
    );
    for (const r of all.slice(20))
      expect(await commits.commit(r.referralId, (current) => ({ state: r, result: !current }))).toBe(true);
    for (const e of logged.slice(15)) expect(await webhooks.logEvent(e)).toBe(true);
  });

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  const ids = (rs: ReferralRecord[]) => rs.map((r) => r.referralId);
  const newestFirst = (rs: ReferralRecord[]) => ids([...rs].sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
  const sent = (r: ReferralRecord) =>
    r.sharingBasis !== undefined &&
    ['requested', 'received', 'accepted', 'in_progress', 'completed', 'failed', 'cancelled'].includes(r.status);

  it('lists a jurisdiction and a receiver newest first, as before, with filters pushed down', async () => {
    const watch = watchQueries(connection, ['referrals', 'referral_event_log']);
    for (const jurisdiction of ['34', '341702', '341702001', '341721'])
      for (const caseId of [undefined, 'case-2'])
        for (const limit of [3, 500])
          expect(ids(await referrals.listWithin(jurisdiction, caseId, limit))).toEqual(
            newestFirst(
              all.filter((r) => r.township.startsWith(jurisdiction) && (!caseId || r.caseId === caseId)),
            ).slice(0, limit),
          );
    for (const limit of [2, 500]) {
      expect(ids(await referrals.listForReceiver({ providerId: 'prov-a' }, limit))).toEqual(
        newestFirst(
          all.filter((r) => r.route?.kind === 'provider' && r.route.providerId === 'prov-a' && sent(r)),
        ).slice(0, limit),
      );
      expect(
        ids(await referrals.listForReceiver({ departmentCode: 'health', region: 'chizhou', within: '341702' }, limit)),
      ).toEqual(
        newestFirst(
          all.filter((r) => r.route?.kind === 'department' && r.township.startsWith('341702') && sent(r)),
        ).slice(0, limit),
      );
    }
    const one = (await referrals.get('ref-21'))!;
    expect(one).toEqual(all[21]);

    expect(await referrals.countOpenForProvider('prov-b')).toBe(
      all.filter(
        (r) => r.route?.kind === 'provider' && r.route.providerId === 'prov-b' && OPEN_STATES.includes(r.status),
      ).length,
    );
    expect(await referrals.countForContract('con-a', '2026-07')).toBe(
      all.filter((r) => r.route?.kind === 'provider' && r.route.contractId === 'con-a' && r.month === '2026-07').length,
    );
    expect(await referrals.exists('ref-3')).toBe(true);
    expect(await referrals.exists('ref-none')).toBe(false);

    for (const since of ['2026-01-01T00:00:00.000Z', '2026-08-14T02:00:00.000Z', '2026-10-09T02:00:00.000Z'])
      for (const limit of [4, 10_000])
        expect((await webhooks.eventsSince(since, limit)).map((e) => e.eventId)).toEqual(
          logged
            .filter((e) => e.time >= since)
            .map((e) => e.eventId)
            .slice(0, limit),
        );
    expect(await watch.notPushedDown()).toEqual([]);
  });
});
