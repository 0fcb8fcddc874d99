/**
 * Accruals on the real MongoDB-wire server: a delivered visit commits its accrual and SettlementAccrued event
 * in one write through the commit port; a redelivery writes nothing; the statement queries read the
 * accrual back as it was decided.
 */
import type { EventOf, VisitDelivered } from '@carelink/contracts';
import { loadPolicyPacks } from '@carelink/policy';
import { CommitPort, connectMongo } from '@carelink/store';
import { createLogger } from '@carelink/telemetry';
import { databaseUrl, testServers, uniqueName } from '@carelink/test-servers';
import type { Connection } from 'mongoose';
import { AccrualRepository, accrualMapping } from '../src/data-access/accrual-repository';
import { accrueVisit } from '../src/domain/accrue-visit/accrue-visit';
import { VISIT } from './visit-fixture';

const delivered = (visitId: string, deliveredAt: string): EventOf<typeof VisitDelivered> => ({
  specversion: '1.0',
  id: `event-of-${visitId}`,
  source: '/carelink/provider-scheduling',
  type: 'visit.delivered.v1',
  time: deliveredAt,
  datacontenttype: 'application/json',
  partitionkey: VISIT.caseId,
  data: { visitId, ...VISIT, itemCode: 'CZ-JK-02', deliveredAt, units: 2 },
});

describe('accruals (real MongoDB-wire server)', () => {
  let connection: Connection;
  let commits: CommitPort<{ policies: ReturnType<typeof loadPolicyPacks> }>;
  let accruals: AccrualRepository;
  const kicked: string[][] = [];

  beforeAll(async () => {
    const url = databaseUrl((await testServers()).mongoUrl, `${uniqueName('accr')}_settlement`);
    connection = await connectMongo(url, createLogger('settlement-test', 'silent'));
    commits = new CommitPort({
      connection,
      source: '/carelink/settlement',
      relay: { kick: (_collection, ids) => void kicked.push(ids ?? []) },
      context: { policies: loadPolicyPacks() },
    });
    accruals = new AccrualRepository(connection);
    await accruals.prepare();
  });

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  const accrue = (event: EventOf<typeof VisitDelivered>) =>
    commits.commit(accrualMapping, event.data.visitId, (current, ctx) => accrueVisit(current, event, ctx));
  const outboxOf = async (visitId: string) =>
    ((await connection.collection('accruals').findOne({ _id: visitId as never }))?._outbox ?? []) as {
      envelope: string;
    }[];

  it('accrues a visit once, with its event in the same document, and reads it back for the statement', async () => {
    const event = delivered('visit-a', '2026-11-20T10:00:00+08:00');
    await accrue(event);
    await accrue(event);
    expect(kicked).toEqual([['visit-a']]);
    const outbox = await outboxOf('visit-a');
    expect(outbox).toHaveLength(1);
    expect(JSON.parse(outbox[0]!.envelope)).toMatchObject({
      type: 'settlement.accrued.v1',
      source: '/carelink/settlement',
      partitionkey: VISIT.caseId,
      data: { accrualId: 'visit-a', amountFen: 12000, month: '2026-11' },
    });

    await accrue(delivered('visit-b', '2026-11-21T10:00:00+08:00'));
    await accrue(delivered('visit-c', '2026-12-01T00:30:00+08:00'));
    const stored = await accruals.get('visit-a');
    expect(stored).toMatchObject({ accrualId: 'visit-a', visitId: 'visit-a', units: 2, unitFeeFen: 6000 });
    expect(Object.keys(stored!).filter((k) => k.startsWith('_'))).toEqual([]);
    const november = await accruals.listForStatement({ providerId: 'prov-1', month: '2026-11', township: '341702' });
    expect(november.map((a) => a.accrualId)).toEqual(['visit-a', 'visit-b']);
    expect(november[0]).toEqual(stored);
  });
});
