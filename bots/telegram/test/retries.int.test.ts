import { PolicyPacks } from '@carelink/policy';
import { FieldCipher } from '@carelink/store';
import { testServers, uniqueName } from '@carelink/test-servers';
import IORedis, { type Redis } from 'ioredis';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationBook } from '../src/data-access/application-book';
import { ChatDirectory } from '../src/data-access/chat-directory';
import { ComplaintBook } from '../src/data-access/complaint-book';
import { ComplaintsClient } from '../src/data-access/complaints-client';
import { IntakeClient } from '../src/data-access/intake-client';
import type { ConfirmedApplication } from '../src/domain/application';
import { fileMadeComplaint, retryFiling, type FileComplaintDeps } from '../src/domain/file-complaint/file-complaint';
import { pushProgress } from '../src/domain/push-progress/push-progress';
import { ServiceUnavailable } from '../src/domain/service-calls';
import {
  retrySubmission,
  submitConfirmedApplication,
  type SubmitDeps,
} from '../src/domain/submit-application/submit-application';

const pack = PolicyPacks.load().get('chizhou')!;
const ID_NUMBER = '341702195002030011';

/** A local HTTP server playing intake and complaints: each path answers with the next of its scripted answers. */
function service(script: Record<string, { status: number; body: unknown }[]>) {
  const calls: { method: string; path: string; key?: string; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '')
        .split('?')[0]!
        .replace(/\/requests\/[^/]+\/attachments$/, '/requests/:id/attachments');
      calls.push({ method: req.method!, path, key: req.headers['idempotency-key'] as string | undefined, body });
      const next = script[path]?.shift() ?? { status: 404, body: { code: 'not_scripted' } };
      res.writeHead(next.status, { 'content-type': 'application/json' }).end(JSON.stringify(next.body));
    });
  });
  return {
    calls,
    start: () =>
      new Promise<string>((r) =>
        server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
      ),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('retries of applications and complaints (real Redis, services over HTTP)', () => {
  let redis: Redis;
  let prefix: string;
  let cipher: FieldCipher;
  let directory: ChatDirectory;
  const retries: string[] = [];
  const token = async () => 'bot-token';
  const inJob = async (_id: string, because: string) => {
    throw new ServiceUnavailable(because);
  };

  beforeAll(async () => {
    redis = new IORedis((await testServers()).redisUrl);
  });
  beforeEach(() => {
    prefix = `${uniqueName('tg-retry')}:`;
    cipher = new FieldCipher('cd'.repeat(32), 'cd'.repeat(32));
    directory = new ChatDirectory(redis, prefix, cipher);
    retries.length = 0;
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('keeps an application sealed while intake is down, registers it once from the job, and tells the number once', async () => {
    const intake = service({
      '/requests': [
        { status: 503, body: { code: 'unavailable' } },
        {
          status: 201,
          body: { status: 'registered', caseId: 'case-9', caseNumber: 'CZ341702-2026-000009', mergedItems: [] },
        },
      ],
      '/requests/:id/attachments': [{ status: 201, body: { attachmentId: 'a-1' } }],
    });
    const deps: SubmitDeps = {
      region: 'chizhou',
      applications: new ApplicationBook(redis, prefix, cipher),
      intake: new IntakeClient(await intake.start(), token),
      chats: directory,
      downloadVoice: async () => ({ bytes: Buffer.from('OggS-voice'), contentType: 'audio/ogg' }),
      retryLater: async (id) => void retries.push(id),
      warn: () => undefined,
    };
    const application: ConfirmedApplication = {
      applicationId: uniqueName('app'),
      chatId: 7008,
      confirmedAt: new Date().toISOString(),
      answers: {
        applicantName: '孙秀珍',
        idNumber: ID_NUMBER,
        phone: '13905660008',
        countyCode: '341702',
        townshipCode: '341702001',
        group: 'tekun',
        itemCodes: ['CZ-SH-01'],
        voiceFileId: 'voice-7008',
        consentToShare: true,
      },
    };
    try {
      expect(await submitConfirmedApplication(application, deps)).toEqual([
        { chatId: 7008, key: 'apply-queued', params: {} },
      ]);
      expect(retries).toEqual([application.applicationId]);
      const kept = await redis.get(`${prefix}application:${application.applicationId}`);
      expect(kept).toMatch(/^v1\./);
      expect(kept).not.toContain(ID_NUMBER);

      const jobDeps = { ...deps, retryLater: inJob };
      expect(await retrySubmission(application.applicationId, jobDeps)).toEqual([
        {
          chatId: 7008,
          key: 'apply-registered',
          params: { caseNumber: 'CZ341702-2026-000009' },
          once: 'registered:case-9',
        },
      ]);
      expect(await directory.chatOfCase('case-9')).toBe(7008);
      expect(await directory.phone(7008)).toBe('13905660008');
      expect(intake.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
        'POST /requests',
        'POST /requests',
        'POST /requests/:id/attachments',
      ]);
      expect(JSON.parse(intake.calls[1]!.body)).toMatchObject({ channel: 'chatbot', items: ['CZ-SH-01'] });

      // The job runs again (a redelivery): nothing is sent to intake, nothing said.
      expect(await retrySubmission(application.applicationId, jobDeps)).toEqual([]);
      expect(intake.calls).toHaveLength(3);
      // The acknowledgement event comes after: the resident was told, it is not repeated.
      const sent: unknown[] = [];
      await pushProgress(
        {
          id: uniqueName('evt'),
          type: 'request.acknowledged.v1',
          source: '/test',
          specversion: '1.0',
          time: new Date().toISOString(),
          data: { caseId: 'case-9', caseNumber: 'CZ341702-2026-000009', outcome: 'registered' },
        } as never,
        {
          packs: [pack],
          directory,
          defaultLocale: 'zh',
          send: async (...args) => void sent.push(args),
          receiverName: async () => undefined,
        },
      );
      expect(sent).toEqual([]);
    } finally {
      await intake.stop();
    }
  });

  it('keeps a complaint while the complaints service is down and files it once from the job', async () => {
    const complaints = service({
      '/attachments': [
        { status: 502, body: {} },
        { status: 201, body: { attachmentId: 'att-3' } },
      ],
      '/complaints': [
        { status: 201, body: { complaintId: 'c-3', complaintNumber: 'TS-20261125-0003', status: 'received' } },
      ],
    });
    await directory.setPhone(7011, '13905660011');
    const deps: FileComplaintDeps = {
      complaintsKept: new ComplaintBook(redis, prefix, cipher),
      complaints: new ComplaintsClient(await complaints.start(), token),
      chats: directory,
      downloadVoice: async () => ({ bytes: Buffer.from('OggS-voice'), contentType: 'audio/ogg' }),
      retryLater: async (id) => void retries.push(id),
      warn: () => undefined,
    };
    const filingId = uniqueName('filing');
    try {
      const replies = await fileMadeComplaint(
        {
          filingId,
          chatId: 7011,
          voiceFileId: 'voice-7011',
          filing: {
            region: 'chizhou',
            channel: 'chatbot',
            kind: 'complaint',
            type: 'service_quality',
            about: { township: '341702002' },
            summary: '（语音）',
            reporter: { name: '居民' },
          },
        },
        deps,
      );
      expect(replies.map((r) => r.key)).toEqual(['complain-queued']);
      expect(retries).toEqual([filingId]);

      const jobDeps = { ...deps, retryLater: inJob };
      expect(await retryFiling(filingId, jobDeps)).toEqual([
        { chatId: 7011, key: 'complain-received', params: { complaintNumber: 'TS-20261125-0003' } },
      ]);
      expect(await directory.chatOfComplaint('c-3')).toBe(7011);
      const filed = complaints.calls.find((c) => c.path === '/complaints')!;
      expect(filed.key).toBe(`telegram-${filingId}`);
      expect(JSON.parse(filed.body)).toMatchObject({
        attachmentIds: ['att-3'],
        reporter: { name: '居民', phone: '13905660011' },
      });
      expect(await retryFiling(filingId, jobDeps)).toEqual([]);
      expect(complaints.calls.filter((c) => c.path === '/complaints')).toHaveLength(1);
    } finally {
      await complaints.stop();
    }
  });
});
