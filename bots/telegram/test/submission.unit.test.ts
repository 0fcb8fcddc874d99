import { DomainError } from '@carelink/contracts';
import type { ConfirmedApplication, Registration } from '../src/domain/application';
import type { Reply } from '../src/domain/resident-chats';
import { ServiceUnavailable } from '../src/domain/service-calls';
import { decideSubmission } from '../src/domain/submit-application/submission';
import {
  retrySubmission,
  submitConfirmedApplication,
  type SubmitDeps,
} from '../src/domain/submit-application/submit-application';

const application: ConfirmedApplication = {
  applicationId: 'app-1',
  chatId: 7001,
  confirmedAt: '2026-11-25T08:00:00.000Z',
  answers: {
    applicantName: '张桂兰',
    idNumber: '341702195002030011',
    phone: '13905660001',
    countyCode: '341702',
    townshipCode: '341702001',
    group: 'tekun',
    itemCodes: ['CZ-SH-01'],
    voiceFileId: 'voice-1',
    consentToShare: true,
  },
};
const registered: Registration = {
  status: 'registered',
  caseId: 'case-1',
  caseNumber: 'CZ341702-2026-000001',
  mergedItems: [],
};
const chat = { region: 'chizhou', via: 'chat' } as const;
const job = { region: 'chizhou', via: 'job' } as const;

describe('deciding a submission (pure)', () => {
  it('keeps a confirmed application and sends it to intake as a chatbot request', () => {
    const d = decideSubmission(undefined, { kind: 'confirmed', application }, chat);
    expect(d.state).toEqual(application);
    expect(d.replies).toEqual([]);
    expect(d.commands).toEqual([
      {
        kind: 'register',
        body: expect.objectContaining({ region: 'chizhou', channel: 'chatbot', items: ['CZ-SH-01'] }),
      },
    ]);
  });

  it('in the chat, a registration is said at once and noted as told; the case and phone are remembered, the voice note attached', () => {
    const d = decideSubmission(application, { kind: 'registered', registration: registered }, chat);
    expect(d.state).toEqual({ ...application, registration: registered });
    expect(d.commands).toEqual([
      {
        kind: 'remember-case',
        caseId: 'case-1',
        chatId: 7001,
        phone: '13905660001',
        known: {
          caseId: 'case-1',
          caseNumber: 'CZ341702-2026-000001',
          name: '张桂兰',
          township: '341702001',
          itemCodes: ['CZ-SH-01'],
          linkedBy: 'filed',
          at: '2026-11-25T08:00:00.000Z',
        },
      },
      { kind: 'attach-voice-note', region: 'chizhou', caseId: 'case-1', voiceFileId: 'voice-1' },
      { kind: 'mark-told', what: 'registered:case-1' },
    ]);
    expect(d.replies).toEqual([
      { chatId: 7001, key: 'apply-registered', params: { caseNumber: 'CZ341702-2026-000001' } },
    ]);
  });

  it('from the job, a registration is pushed only if the acknowledgement did not tell it first; a merge says so', () => {
    const merged = { ...registered, status: 'merged' as const };
    const d = decideSubmission(application, { kind: 'registered', registration: merged }, job);
    expect(d.commands.map((c) => c.kind)).toEqual(['remember-case', 'attach-voice-note']);
    expect(d.replies).toEqual([
      {
        chatId: 7001,
        key: 'apply-merged',
        params: { caseNumber: 'CZ341702-2026-000001' },
        once: 'registered:case-1',
      },
    ]);
  });

  it('never sends a registered application again: a due retry only tells the number, once', () => {
    const d = decideSubmission(
      { ...application, registration: registered },
      { kind: 'retry-due', applicationId: 'app-1' },
      job,
    );
    expect(d.commands).toEqual([]);
    expect(d.state).toBeUndefined();
    expect(d.replies).toEqual([expect.objectContaining({ key: 'apply-registered', once: 'registered:case-1' })]);
  });

  it('intake unreachable: retried later; the resident in the chat hears it is saved, the job stays quiet', () => {
    const input = { kind: 'unavailable', because: '503' } as const;
    const retry = { kind: 'retry-later', applicationId: 'app-1', because: '503' };
    expect(decideSubmission(application, input, chat)).toEqual({
      replies: [{ chatId: 7001, key: 'apply-queued', params: {} }],
      commands: [retry],
    });
    expect(decideSubmission(application, input, job)).toEqual({ replies: [], commands: [retry] });
  });

  it('a refusal is told with intake’s words and is final', () => {
    expect(decideSubmission(application, { kind: 'refused', reason: '身份证号码校验不通过' }, job)).toEqual({
      replies: [{ chatId: 7001, key: 'apply-rejected', params: { reason: '身份证号码校验不通过' } }],
      commands: [],
    });
  });

  it('a due retry of an application that is not kept is not found', () => {
    expect(() => decideSubmission(undefined, { kind: 'retry-due', applicationId: 'gone' }, job)).toThrow(DomainError);
  });
});

/** The use case around the decision, on in-memory stores and an intake that answers as told. */
function world(intakeAnswers: (() => Promise<Registration>)[]) {
  const kept = new Map<string, ConfirmedApplication>();
  const told = new Set<string>();
  const log: string[] = [];
  const deps: SubmitDeps = {
    region: 'chizhou',
    applications: {
      find: async (id) => kept.get(id),
      save: async (a) => void kept.set(a.applicationId, a),
    },
    intake: {
      register: async () => {
        log.push('register');
        const next = intakeAnswers.shift();
        if (!next) throw new Error('intake was not expected to be called');
        return next();
      },
      attachVoiceNote: async (caseId) => void log.push(`attach ${caseId}`),
    },
    chats: {
      rememberCase: async (caseId, chatId) => void log.push(`case ${caseId} → ${chatId}`),
      linkCase: async (chatId, known) => void log.push(`linked ${known.caseNumber} (${known.name}) → ${chatId}`),
      setPhone: async (chatId, phone) => void log.push(`phone ${chatId} ${phone}`),
      firstTime: async (what) => !told.has(what) && Boolean(told.add(what)),
    },
    downloadVoice: async () => ({ bytes: Buffer.from('OggS'), contentType: 'audio/ogg' }),
    retryLater: async (id) => void log.push(`retry ${id}`),
    warn: (_obj, message) => void log.push(`warn ${message}`),
  };
  return { kept, told, log, deps };
}

const keys = (replies: Reply[]) => replies.map((r) => r.key);

describe('submitting an application', () => {
  it('registers at once: kept with its registration, the case remembered, the voice note attached, said once', async () => {
    const w = world([async () => registered]);
    expect(keys(await submitConfirmedApplication(application, w.deps))).toEqual(['apply-registered']);
    expect(w.kept.get('app-1')?.registration).toEqual(registered);
    expect(w.log).toEqual([
      'register',
      'case case-1 → 7001',
      'linked CZ341702-2026-000001 (张桂兰) → 7001',
      'phone 7001 13905660001',
      'attach case-1',
    ]);
    // The acknowledgement push comes later: the mark is taken.
    expect(w.told.has('registered:case-1')).toBe(true);
    // The retry job (had one been scheduled) neither sends it again nor repeats the number.
    expect(await retrySubmission('app-1', w.deps)).toEqual([]);
    expect(w.log.filter((l) => l === 'register')).toHaveLength(1);
  });

  it('keeps it while intake is down, then the job registers it and pushes the number', async () => {
    const w = world([
      async () => {
        throw new ServiceUnavailable('connect ECONNREFUSED');
      },
      async () => registered,
    ]);
    expect(keys(await submitConfirmedApplication(application, w.deps))).toEqual(['apply-queued']);
    expect(w.log).toEqual(['register', 'retry app-1']);
    expect(w.kept.get('app-1')?.registration).toBeUndefined();
    expect(await retrySubmission('app-1', w.deps)).toEqual([
      {
        chatId: 7001,
        key: 'apply-registered',
        params: { caseNumber: 'CZ341702-2026-000001' },
        once: 'registered:case-1',
      },
    ]);
  });

  it('in the job, intake still down fails the attempt (the job board runs it again)', async () => {
    const w = world([
      async () => {
        throw new ServiceUnavailable('503');
      },
    ]);
    await w.deps.applications.save(application);
    const failing = {
      ...w.deps,
      retryLater: async (_: string, because: string) => Promise.reject(new ServiceUnavailable(because)),
    };
    await expect(retrySubmission('app-1', failing)).rejects.toThrow(ServiceUnavailable);
  });

  it('tells a refusal in intake’s words and keeps no registration', async () => {
    const w = world([
      async () => {
        throw DomainError.unprocessable('invalid_id_number', 'check digit', '身份证号码校验不通过');
      },
    ]);
    expect(await submitConfirmedApplication(application, w.deps)).toEqual([
      { chatId: 7001, key: 'apply-rejected', params: { reason: '身份证号码校验不通过' } },
    ]);
    expect(w.log).toEqual(['register']);
  });

  it('a voice note that cannot be attached is logged; the registration stands', async () => {
    const w = world([async () => registered]);
    const deps = { ...w.deps, downloadVoice: async () => Promise.reject(new Error('getFile failed')) };
    expect(keys(await submitConfirmedApplication(application, deps))).toEqual(['apply-registered']);
    expect(w.log).toContain('warn the voice note could not be attached');
  });
});
