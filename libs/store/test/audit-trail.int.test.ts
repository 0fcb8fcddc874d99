/**
 * The audit trail on the real MongoDB-wire server: entries filed under every jurisdiction of the caller and of
 * the records, read back by a county newest first with its filters, each month bucket one query that FerretDB
 * pushes down.
 */
import pino from 'pino';
import type { Connection } from 'mongoose';
import { databaseUrl, testServers, watchQueries } from '@carelink/test-servers';
import { AuditTrail, connectMongo } from '../src';

const logger = pino({ level: 'silent' });

describe('the audit trail on the real MongoDB-wire server', () => {
  let connection: Connection;
  const db = `store_audit_${Date.now()}`;

  beforeAll(async () => {
    connection = await connectMongo(databaseUrl((await testServers()).mongoUrl, db), logger, 10, {
      monitorCommands: true,
    });
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('files each entry under the jurisdictions of the caller and the records, and reads a county’s trail', async () => {
    const trail = new AuditTrail(connection);
    await trail.prepare();
    const operator = { actor: 'op-1', role: 'hotline_operator', actorJurisdiction: '34' };
    await trail.record({ ...operator, action: 'read', subjectType: 'case', subjectId: 'c-1', places: ['341702001'] });
    await trail.record({
      ...operator,
      action: 'read',
      subjectType: 'case',
      subjectIds: ['c-1', 'c-9'],
      places: ['341702001', '341721003'],
      query: { status: 'decided' },
    });
    await trail.record({
      actor: 'clerk-9',
      role: 'township_caseworker',
      actorJurisdiction: '341702001',
      action: 'denied',
      subjectIds: ['c-9'],
      refusal: { status: 403, code: 'outside_jurisdiction', detail: 'record in 341721003 is outside' },
    });
    await trail.record({ ...operator, action: 'read', subjectType: 'case', subjectId: 'c-9', places: ['341721003'] });

    const watch = watchQueries(connection, [AuditTrail.collection]);
    const county = await trail.within('341702');
    expect(county.map((e) => [e.actor, e.action, e.subjectIds])).toEqual([
      ['clerk-9', 'denied', ['c-9']],
      ['op-1', 'read', ['c-1', 'c-9']],
      ['op-1', 'read', ['c-1']],
    ]);
    expect(county[0]).not.toHaveProperty('jurisdictions');
    expect(county[2]).toMatchObject({ subjectId: 'c-1', places: ['341702001'] });
    expect((await trail.within('341721', { subjectId: 'c-9' })).map((e) => e.action)).toEqual(['read', 'read']);
    expect((await trail.within('341702', { subjectId: 'c-9', actor: 'op-1' })).map((e) => e.subjectIds)).toEqual([
      ['c-1', 'c-9'],
    ]);
    expect(await trail.within('341702', { action: 'denied', limit: 5 })).toHaveLength(1);
    expect(await trail.within('65')).toEqual([]);
    expect(await trail.within('34', { to: new Date('2020-01-01') })).toEqual([]);
    expect(await trail.within('34', { from: new Date(Date.now() + 3600_000) })).toEqual([]);
    expect(await trail.within('34', { from: new Date(Date.now() - 3600_000) })).toHaveLength(4);
    expect(await watch.notPushedDown()).toEqual([]);
    expect((await trail.forSubject('c-1')).map((e) => e.subjectIds)).toEqual([['c-1'], ['c-1', 'c-9']]);
  });
});
