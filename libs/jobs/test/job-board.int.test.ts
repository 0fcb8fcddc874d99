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

  const until = async (what: string, done: () => boolean, ms = 15_000) => {
    const end = Date.now() + ms;
    while (!done()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const runsFor = (caseId: string) => ran.filter((r) => (r.data as { caseId?: string }).caseId === caseId);

  it('runs a delayed job once, however often it is scheduled', async () => {
    const scheduledAt = Date.now();
    for (let i = 0; i < 3; i++)
      await board.schedule('remind', 'remind:case-1', { caseId: 'case-1' }, new Date(Date.now() + 600));
    // A marker due after every copy that might have been added: once it ran, so would have any copy.
    await board.schedule('remind', 'remind:marker', { caseId: 'marker' }, new Date(Date.now() + 800));
    await until('the marker job', () => runsFor('marker').length > 0);
    const reminders = runsFor('case-1');
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
    await until('the flaky job', () => ran.some((r) => r.name === 'flaky'), 20_000);
    expect(failOnce).toBe(false); // it failed once before
    expect(ran.filter((r) => r.name === 'flaky')).toHaveLength(1);
  });
});
