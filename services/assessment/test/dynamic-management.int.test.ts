/**
 * Dynamic management on the real servers: a change of assistance status reaches the person's case through
 * Kafka and is committed on it; the monthly job lists the newly added people for their township once.
 */
import { buildEvent, RegistryStatusChanged, topics } from '@carelink/contracts';
import { previousChinaMonth } from '@carelink/policy';
import { randomUUID } from 'node:crypto';
import { FOLLOW_UP_LISTS } from '../src/entry-points/jobs/job-handlers';
import { registration, startInProcess, until, type InProcess } from './in-process';

describe('dynamic management (动态管理) on Kafka, FerretDB and Redis', () => {
  let service: InProcess;
  beforeAll(async () => {
    service = await startInProcess('dyn');
  });
  afterAll(() => service?.stop());

  it("applies a status change to the person's case, and lists the newly added person for the township once", async () => {
    const { running, queue, queueEvents, getCase, published } = service;
    const personId = `p_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const caseId = randomUUID();
    await running.ctx.bus.publish(topics.intakeRequests, registration(caseId, 'CZ341702-2026-900002', personId));
    await until(async () => ((await getCase(caseId)).status === 'open' ? true : undefined));

    const lastMonth = previousChinaMonth(new Date());
    const change = buildEvent(RegistryStatusChanged, {
      source: '/test',
      key: personId,
      data: {
        personId,
        region: 'chizhou',
        township: '341702001',
        village: '341702001201',
        groups: ['tekun', 'dibao'],
        previousGroups: ['tekun'],
        effectiveFrom: `${lastMonth}-15`,
        source: '低保系统',
        recordedBy: 'officer',
        recordedAt: new Date().toISOString(),
      },
    });
    await running.ctx.bus.publish(topics.registryStatus, change);
    const applied = await until(async () => {
      const c = await getCase(caseId);
      return c.appliedStatusChanges?.includes(change.id) ? c : undefined;
    });
    expect(applied).toMatchObject({
      declaredGroups: ['tekun'],
      registerStatus: { groups: ['tekun', 'dibao'], source: '低保系统', effectiveFrom: `${lastMonth}-15` },
      stoppedItems: [],
      version: 1,
    });

    // The monthly job runs twice (a retry, a second replica): the list is made and said once.
    for (const run of [1, 2]) {
      const job = await queue.add(FOLLOW_UP_LISTS, { run });
      await job.waitUntilFinished(queueEvents, 20_000);
    }
    const lists = await running.ctx.connection.collection('followup_lists').find({}).toArray();
    expect(lists).toEqual([
      expect.objectContaining({ _id: `${lastMonth}:341702001`, personIds: [personId], _version: 1 }),
    ]);
    await until(async () => ((await published('followup.listed.v1')) ? true : undefined));
  });
});
