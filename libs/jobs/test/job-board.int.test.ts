import { testServers, uniqueName } from '@carelink/test-servers';
import pino from 'pino';
import { JobBoard } from '../src';

describe('JobBoard on the real Redis', () => {
  let board: JobBoard;
  const ran: { name: string; data: unknown; at: number }[] = [];
  let failOnce = true;

  beforeAll(async () => {
    board = new JobBoard({
      redisUrl: (await testServers()).redisUrl,
      queue: uniqueName('jobs'),
      prefix: uniqueName('test'),
      logger: pino({ level: 'silent' }),
    });
    board.start({
      remind: async (job) => void ran.push({ name: job.name, data: job.data, at: Date.now() }),
      flaky: async (job) => {
        if (failOnce) {
          failOnce = false;
          throw new Error('transient');
        }
        ran.push({ name: job.name, data: job.data, at: Date.now() });
      },
    });
  });
  afterAll(() => board.close());

  const waitFor = async (n: number, ms = 15_000) => {
    const end = Date.now() + ms;
    while (ran.length < n && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  };

  it('runs a delayed job once, however often it is scheduled', async () => {
    const scheduledAt = Date.now();
    for (let i = 0; i < 3; i++)
      await board.schedule('remind', 'remind:case-1', { caseId: 'case-1' }, new Date(Date.now() + 600));
    await waitFor(1);
    await new Promise((r) => setTimeout(r, 700));
    const reminders = ran.filter((r) => r.name === 'remind');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.at - scheduledAt).toBeGreaterThanOrEqual(550);
  });

  it('cancels a job before it runs', async () => {
    await board.schedule('remind', 'remind:case-2', { caseId: 'case-2' }, new Date(Date.now() + 60_000));
    expect(await board.state('remind:case-2')).toBe('delayed');
    await board.cancel('remind:case-2');
    expect(await board.state('remind:case-2')).toBeUndefined();
  });

  it('retries a failed job with backoff', async () => {
    await board.schedule('flaky', 'flaky:1', { n: 1 });
    await waitFor(2, 20_000);
    expect(ran.filter((r) => r.name === 'flaky')).toHaveLength(1);
  });
});
