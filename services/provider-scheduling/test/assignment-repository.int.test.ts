/**
 * The assignment store on the real FerretDB, written through the commit port: referral is the source of
 * truth for who serves a referral, so an acceptance that crossed a re-routing is withdrawn and the next
 * provider's offer replaces it, acceptance and withdrawal gone from the stored document too.
 */
import { CommitPort, connectMongo } from '@carelink/store';
import { databaseUrl, testServers, uniqueName } from '@carelink/test-servers';
import type { Connection } from 'mongoose';
import pino from 'pino';
import { assignmentStates, AssignmentRepository } from '../src/data-access/assignment-repository';
import { decideAcceptAssignment } from '../src/domain/accept-assignment/accept-assignment';
import type { AssignmentState } from '../src/domain/assignment';
import { decideClosure, type CloseAssignment } from '../src/domain/close-assignment/close-assignment';
import { decideOffer } from '../src/domain/offer-assignment/offer-assignment';
import { decideWithdrawal, type WithdrawAssignment } from '../src/domain/withdraw-assignment/withdraw-assignment';
import { givenAssignment, providerStaff } from './fixtures';

describe('AssignmentRepository and the commit port (real FerretDB)', () => {
  let connection: Connection;
  let assignments: AssignmentRepository;
  let commits: CommitPort;

  beforeAll(async () => {
    const servers = await testServers();
    connection = await connectMongo(
      databaseUrl(servers.mongoUrl, `${uniqueName('assign')}_scheduling`),
      pino({ level: 'silent' }),
    );
    assignments = new AssignmentRepository(connection);
    await assignments.prepare();
    commits = new CommitPort({ connection, source: '/carelink/provider-scheduling' });
  });

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  const offer = async (a: AssignmentState) => {
    await assignments.noteOffered(a);
    return commits.commit(assignmentStates, a.referralId, (current) => decideOffer(current, a));
  };
  const accept = (referralId: string, sub: string) =>
    commits.commit(assignmentStates, referralId, (current, ctx) =>
      decideAcceptAssignment(current, { principal: providerStaff('prov-a', sub) }, ctx),
    );
  const withdraw = (referralId: string, command: WithdrawAssignment) =>
    commits.commit(assignmentStates, referralId, (current) => decideWithdrawal(current, command));
  const close = (referralId: string, command: CloseAssignment) =>
    commits.commit(assignmentStates, referralId, (current) => decideClosure(current, command));
  const stored = (referralId: string) => connection.collection('assignments').findOne({ _id: referralId as never });

  it('withdraws an acceptance that crossed a re-routing, and offers the referral to the next provider', async () => {
    const first = givenAssignment({
      referralId: 'ref-race',
      providerId: 'prov-a',
      offeredAt: '2026-11-24T10:00:00.000Z',
    });
    expect(await offer(first)).toBe(true);
    expect(await offer(first)).toBe(false);
    expect(await accept('ref-race', 'staff-a')).toMatchObject({
      status: 'accepted',
      acceptedBy: 'staff-a',
      version: 1,
    });
    // The acceptance and its event were written together.
    const outbox = (await stored('ref-race'))?._outbox as { topic: string; envelope: string }[];
    expect(outbox.map((e) => [e.topic, JSON.parse(e.envelope).type])).toEqual([
      ['carelink.scheduling.visits.v1', 'assignment.accepted.v1'],
    ]);
    // Another provider's withdrawal takes nothing back.
    await withdraw('ref-race', { providerId: 'prov-x', reason: '改派', at: '2026-11-24T11:00:01.000Z' });
    expect((await assignments.assignmentOf('ref-race'))?.status).toBe('accepted');
    await withdraw('ref-race', { providerId: 'prov-a', reason: '接收方超时未答复', at: '2026-11-24T11:00:01.000Z' });
    expect((await assignments.assignmentOf('ref-race'))?.status).toBe('withdrawn');
    const next = givenAssignment({
      referralId: 'ref-race',
      providerId: 'prov-b',
      offeredAt: '2026-11-24T11:00:02.000Z',
    });
    expect(await offer(next)).toBe(true);
    // Read back exactly as offered: no acceptance, no withdrawal, no storage fields.
    expect(await assignments.assignmentOf('ref-race')).toEqual(next);
    expect(await stored('ref-race')).toMatchObject({ acceptedBy: null, acceptedAt: null, withdrawal: null });
  });

  it('closes the provider’s assignment when referral completes or fails it, once', async () => {
    await offer(givenAssignment({ referralId: 'ref-done', providerId: 'prov-a' }));
    await accept('ref-done', 's');
    await close('ref-done', { providerId: 'prov-x', status: 'completed', closure: { at: '2026-11-30T00:00:00.000Z' } });
    expect((await assignments.assignmentOf('ref-done'))?.status).toBe('accepted');
    await close('ref-done', {
      providerId: 'prov-a',
      status: 'failed',
      closure: { reason: '无法联系', at: '2026-11-30T00:00:00.000Z' },
    });
    await close('ref-done', { providerId: 'prov-a', status: 'completed', closure: { at: '2026-12-01T00:00:00.000Z' } });
    expect(await assignments.assignmentOf('ref-done')).toMatchObject({
      status: 'failed',
      closure: { reason: '无法联系', at: '2026-11-30T00:00:00.000Z' },
    });
  });
});
