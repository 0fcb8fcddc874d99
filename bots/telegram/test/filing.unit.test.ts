import { DomainError } from '@carelink/contracts';
import { fileMadeComplaint, retryFiling, type FileComplaintDeps } from '../src/domain/file-complaint/file-complaint';
import {
  decideFiling,
  filingWith,
  type ComplaintFiling,
  type PendingComplaint,
} from '../src/domain/file-complaint/filing';
import { ServiceUnavailable } from '../src/domain/service-calls';

const filing: ComplaintFiling = {
  region: 'chizhou',
  channel: 'chatbot',
  kind: 'complaint',
  type: 'service_quality',
  about: { township: '341702002' },
  summary: '送餐的师傅两次没有来',
  reporter: { name: '居民' },
};
const pending: PendingComplaint = { filingId: 'f-1', chatId: 7011, filing, voiceFileId: 'voice-9' };
const chat = { via: 'chat' } as const;
const job = { via: 'job' } as const;

describe('deciding a filing (pure)', () => {
  it('keeps a complaint and files it with the filing id as idempotency key', () => {
    expect(decideFiling(undefined, { kind: 'made', pending }, chat)).toEqual({
      state: pending,
      replies: [],
      commands: [{ kind: 'file', chatId: 7011, filing, voiceFileId: 'voice-9', idempotencyKey: 'telegram-f-1' }],
    });
  });

  it('a filed complaint is kept with its number, its chat remembered for the outcome, the number told', () => {
    const d = decideFiling(pending, { kind: 'filed', complaintId: 'c-1', complaintNumber: 'TS-20261125-0001' }, job);
    expect(d.state?.filed).toEqual({ complaintId: 'c-1', complaintNumber: 'TS-20261125-0001' });
    expect(d.commands).toEqual([{ kind: 'remember-complaint', complaintId: 'c-1', chatId: 7011 }]);
    expect(d.replies).toEqual([
      { chatId: 7011, key: 'complain-received', params: { complaintNumber: 'TS-20261125-0001' } },
    ]);
  });

  it('is never filed twice: a due retry of a filed complaint does and says nothing', () => {
    const filed = { ...pending, filed: { complaintId: 'c-1', complaintNumber: 'TS-20261125-0001' } };
    expect(decideFiling(filed, { kind: 'retry-due', filingId: 'f-1' }, job)).toEqual({ replies: [], commands: [] });
  });

  it('service down: filed later; the resident in the chat hears it is noted', () => {
    expect(decideFiling(pending, { kind: 'unavailable', because: '502' }, chat)).toEqual({
      replies: [{ chatId: 7011, key: 'complain-queued', params: {} }],
      commands: [{ kind: 'retry-later', filingId: 'f-1', because: '502' }],
    });
    expect(decideFiling(pending, { kind: 'unavailable', because: '502' }, job).replies).toEqual([]);
  });

  it('a refusal is told, not retried', () => {
    expect(decideFiling(pending, { kind: 'failed' }, job)).toEqual({
      replies: [{ chatId: 7011, key: 'complain-failed', params: {} }],
      commands: [],
    });
  });

  it('files with the voice note and the phone the resident applied with', () => {
    expect(filingWith(filing, ['att-1'], '13905660001')).toEqual({
      ...filing,
      attachmentIds: ['att-1'],
      reporter: { name: '居民', phone: '13905660001' },
    });
    expect(filingWith(filing, [], undefined)).toEqual({ ...filing, reporter: { name: '居民' } });
  });
});

function world(
  answer: () => Promise<{ complaintId: string; complaintNumber: string }>,
  download: FileComplaintDeps['downloadVoice'] = async () => ({ bytes: Buffer.from('OggS'), contentType: 'audio/ogg' }),
) {
  const kept = new Map<string, PendingComplaint>();
  const log: string[] = [];
  const deps: FileComplaintDeps = {
    complaintsKept: { find: async (id) => kept.get(id), save: async (p) => void kept.set(p.filingId, p) },
    complaints: {
      file: async (f, key) => {
        log.push(`file ${key} ${JSON.stringify(f.attachmentIds ?? [])} ${f.reporter?.phone ?? '-'}`);
        return answer();
      },
      attach: async (_bytes, _type, region) => {
        log.push(`attach in ${region}`);
        return 'att-1';
      },
    },
    chats: {
      phone: async () => '13905660001',
      rememberComplaint: async (id, chatId) => void log.push(`complaint ${id} → ${chatId}`),
      firstTime: async () => true,
    },
    downloadVoice: download,
    retryLater: async (id) => void log.push(`retry ${id}`),
    warn: (_o, m) => void log.push(`warn ${m}`),
  };
  return { kept, log, deps };
}

describe('filing a complaint', () => {
  it('files it at once with the voice note and the phone, and tells its number', async () => {
    const w = world(async () => ({ complaintId: 'c-1', complaintNumber: 'TS-20261125-0001' }));
    expect(await fileMadeComplaint(pending, w.deps)).toEqual([
      { chatId: 7011, key: 'complain-received', params: { complaintNumber: 'TS-20261125-0001' } },
    ]);
    expect(w.log).toEqual(['attach in chizhou', 'file telegram-f-1 ["att-1"] 13905660001', 'complaint c-1 → 7011']);
    expect(await retryFiling('f-1', w.deps)).toEqual([]);
    expect(w.log.filter((l) => l.startsWith('file'))).toHaveLength(1);
  });

  it('keeps it while the service is down and says so', async () => {
    const w = world(async () => {
      throw new ServiceUnavailable('502');
    });
    expect((await fileMadeComplaint(pending, w.deps)).map((r) => r.key)).toEqual(['complain-queued']);
    expect(w.kept.get('f-1')).toEqual(pending);
    expect(w.log).toContain('retry f-1');
  });

  it('a refusal, or in the chat any other failure, tells the resident it did not go through', async () => {
    const refused = world(async () => {
      throw DomainError.invalid('no_subject', 'about what', '请说明投诉对象');
    });
    expect((await fileMadeComplaint(pending, refused.deps)).map((r) => r.key)).toEqual(['complain-failed']);
    const broken = world(async () => {
      throw new Error('socket hang up');
    });
    expect((await fileMadeComplaint(pending, broken.deps)).map((r) => r.key)).toEqual(['complain-failed']);
    expect(broken.log).toContain('warn filing a complaint failed');
    // In the job the failure is the job board's to retry.
    await expect(retryFiling('f-1', broken.deps)).rejects.toThrow('socket hang up');
  });

  it('uploads the voice note in the complaint’s region, with that region’s token', async () => {
    const w = world(async () => ({ complaintId: 'c-2', complaintNumber: 'TS-20261125-0002' }));
    await fileMadeComplaint({ ...pending, filing: { ...filing, region: 'changji' } }, w.deps);
    expect(w.log[0]).toBe('attach in changji');
  });

  it('a voice note that cannot be fetched from Telegram yet: not filed without it, tried again later', async () => {
    const w = world(
      async () => ({ complaintId: 'c-4', complaintNumber: 'TS-20261125-0004' }),
      async () => {
        throw new Error('downloading the voice note failed: 502');
      },
    );
    expect((await fileMadeComplaint(pending, w.deps)).map((r) => r.key)).toEqual(['complain-queued']);
    expect(w.log).toEqual(['retry f-1']);
    // In the job, the attempt fails and the job board runs it again.
    await expect(
      retryFiling('f-1', {
        ...w.deps,
        retryLater: async (_id, because) => {
          throw new ServiceUnavailable(because);
        },
      }),
    ).rejects.toThrow('the voice note could not be downloaded');
  });
});
