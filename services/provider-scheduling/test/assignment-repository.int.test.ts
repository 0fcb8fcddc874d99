/**
 * The assignment store on the real FerretDB: referral is the source of truth for who serves a referral, so an
 * acceptance that crossed a re-routing is withdrawn and the next provider's offer replaces it.
 */
import { databaseUrl, testServers, uniqueName } from '@carelink/test-servers';
import mongoose, { type Connection } from 'mongoose';
import { AssignmentRepository } from '../src/data-access/assignment-repository';
import { givenAssignment } from './fixtures';

describe('AssignmentRepository (real FerretDB)', () => {
  let connection: Connection;
  let assignments: AssignmentRepository;

  beforeAll(async () => {
    const servers = await testServers();
    connection = await mongoose
      .createConnection(databaseUrl(servers.mongoUrl, `${uniqueName('assign')}_scheduling`))
      .asPromise();
    assignments = new AssignmentRepository(connection);
    await assignments.prepare();
  });

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  it('withdraws an acceptance that crossed a re-routing, and offers the referral to the next provider', async () => {
    const first = givenAssignment({
      referralId: 'ref-race',
      providerId: 'prov-a',
      offeredAt: '2026-11-24T10:00:00.000Z',
    });
    expect(await assignments.offer(first)).toBe(true);
    expect(
      await assignments.accept(
        'ref-race',
        { status: 'accepted', acceptedBy: 'staff-a', acceptedAt: '2026-11-24T11:00:00.000Z' },
        [],
      ),
    ).toBe(true);
    // Another provider's withdrawal takes nothing back.
    await assignments.withdraw('ref-race', 'prov-x', { reason: '改派', at: '2026-11-24T11:00:01.000Z' });
    expect((await assignments.get('ref-race'))?.status).toBe('accepted');
    await assignments.withdraw('ref-race', 'prov-a', { reason: '接收方超时未答复', at: '2026-11-24T11:00:01.000Z' });
    expect((await assignments.get('ref-race'))?.status).toBe('withdrawn');
    const next = givenAssignment({
      referralId: 'ref-race',
      providerId: 'prov-b',
      offeredAt: '2026-11-24T11:00:02.000Z',
    });
    expect(await assignments.offer(next)).toBe(true);
    const now = await assignments.get('ref-race');
    expect(now).toMatchObject({ status: 'offered', providerId: 'prov-b' });
    expect(now?.acceptedBy).toBeUndefined();
    expect(now?.withdrawal).toBeUndefined();
  });

  it('closes the provider’s assignment when referral completes or fails it, once', async () => {
    await assignments.offer(givenAssignment({ referralId: 'ref-done', providerId: 'prov-a' }));
    await assignments.accept(
      'ref-done',
      { status: 'accepted', acceptedBy: 's', acceptedAt: '2026-11-24T11:00:00.000Z' },
      [],
    );
    await assignments.close('ref-done', 'prov-x', 'completed', { at: '2026-11-30T00:00:00.000Z' });
    expect((await assignments.get('ref-done'))?.status).toBe('accepted');
    await assignments.close('ref-done', 'prov-a', 'failed', { reason: '无法联系', at: '2026-11-30T00:00:00.000Z' });
    await assignments.close('ref-done', 'prov-a', 'completed', { at: '2026-12-01T00:00:00.000Z' });
    expect(await assignments.get('ref-done')).toMatchObject({
      status: 'failed',
      closure: { reason: '无法联系', at: '2026-11-30T00:00:00.000Z' },
    });
  });
});
