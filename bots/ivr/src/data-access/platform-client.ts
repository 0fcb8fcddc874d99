import { phoneNumber } from '@carelink/contracts';
import { backOff } from 'exponential-backoff';
import type { Logger } from '@carelink/telemetry';
import type { CallPorts, CallRecording, CodeRequest, ComplaintType, Lookup, VerifiedLookup } from '../domain/call-flow';
import type { VisitCodeOutcome, VisitDisputeOutcome, VisitToConfirm } from '../domain/confirm-visit/visit-confirmation';

export interface PlatformClientOptions {
  intakeUrl: string;
  complaintsUrl: string;
  /** provider-scheduling: the visits awaiting a recipient's confirmation, their codes and disputes. */
  schedulingUrl: string;
  /** Where `GET /residents/requests` is served; intake by default. */
  residentsUrl?: string;
  /** Bearer token of the adapter (role channel_adapter, the call's region). */
  token: (region: string) => Promise<string>;
  /** Where the provider serves recordings (VOICE_RECORDING_HOSTS): host names (https) or origins. */
  recordingHosts: string[];
  /** Downloads a recording the provider holds (RecordingUrl), once its host is checked. */
  fetchRecording?: (url: string) => Promise<Recording>;
  timeoutMs?: number;
  /**
   * Queues a recording that could not be fetched during the call, to be fetched and delivered with back-off
   * (the IVR's job queue). Without it, a recording that cannot be fetched fails the step.
   */
  later?: (job: RecordingJob) => Promise<void>;
  /** Where a recording that cannot be fetched is logged (as an error, with the call id). */
  logger?: Pick<Logger, 'error'>;
}

export interface Recording {
  bytes: Buffer;
  contentType: string;
}

/** A complaint as filed by phone, all but its recording. */
export type ComplaintFiling = Omit<Parameters<CallPorts['fileComplaint']>[0], 'recordingUrl'>;

/** A recording to fetch again and deliver: to a request, an application awaiting identity, or with a complaint. */
export interface RecordingJob {
  callSid: string;
  region: string;
  recordingUrl: string;
  target:
    | { kind: 'request'; caseId: string }
    | { kind: 'application'; applicationId: string; part: 'name' | 'need' }
    | { kind: 'complaint'; filing: ComplaintFiling };
}

/** What a delivered recording made, for the call record. */
export interface DeliveredRecording {
  recording?: CallRecording;
  complaintNumber?: string;
}

/** The complaint type as the summary names it (the caller's choice at the complaint menu). */
const complaintTopicNames: Record<ComplaintType, string> = {
  eligibility_decision: '关于本人的申请',
  service_quality: '关于服务机构或服务人员',
  staff_conduct: '关于乡镇（街道）工作人员',
  money: '关于资金',
  other: '其他事项',
};

class PlatformError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The service's problem (RFC 9457), when it answered one. */
    readonly problem: { code?: string; attemptsLeft?: number; errors?: Record<string, unknown>[] } = {},
  ) {
    super(message);
  }
}

/** The problem a refusal answered with, when its body is JSON. */
function problemOf(text: string): PlatformError['problem'] {
  try {
    const body: unknown = JSON.parse(text);
    return body && typeof body === 'object' ? (body as PlatformError['problem']) : {};
  } catch {
    return {};
  }
}

/** Tries left after a wrong code, as provider-scheduling's 422 says it (on the problem, or among its errors). */
function attemptsLeftOf(problem: PlatformError['problem']): number {
  if (typeof problem.attemptsLeft === 'number') return problem.attemptsLeft;
  const listed = problem.errors?.find((e) => typeof e.attemptsLeft === 'number')?.attemptsLeft;
  return typeof listed === 'number' ? listed : 0;
}

/**
 * The caller's number when it is a valid mainland number, else undefined: a withheld or anonymous caller ID
 * ('', 'anonymous', a provider's placeholder) is left out rather than refused by the services.
 */
export function validPhone(phone: string): string | undefined {
  const parsed = phoneNumber.safeParse(phone);
  return parsed.success && parsed.data ? parsed.data : undefined;
}

/** A RecordingUrl (or a redirect from it) outside the provider's configured hosts: never downloaded. */
export class RecordingRefused extends Error {
  override readonly name = 'RecordingRefused';
}

/**
 * Whether a recording may be downloaded from `url`: an https URL on one of `hosts` (host names), or a URL
 * of one of them given as an origin (`http://127.0.0.1:4210`, for a provider emulator on one machine).
 */
export function isRecordingSource(url: string, hosts: string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  return hosts.some((h) =>
    h.includes('://') ? parsed.origin === new URL(h).origin : parsed.protocol === 'https:' && parsed.host === h,
  );
}

/** Server errors and network failures are retried; client errors and refusals will not get better by retrying. */
const retryable = (err: unknown) =>
  !(err instanceof PlatformError && err.status < 500) && !(err instanceof RecordingRefused);

/** The IVR's side effects over the services' HTTP APIs: intake (requests, residents) and complaints. */
export class PlatformClient implements CallPorts {
  constructor(private readonly options: PlatformClientOptions) {}

  private async call<T>(region: string, url: string, init: RequestInit = {}): Promise<T> {
    return backOff(
      async () => {
        const res = await fetch(url, {
          ...init,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
          headers: { authorization: `Bearer ${await this.options.token(region)}`, ...(init.headers ?? {}) },
        });
        const text = await res.text();
        if (!res.ok) {
          throw new PlatformError(
            res.status,
            `${init.method ?? 'GET'} ${url} → ${res.status} ${text.slice(0, 300)}`,
            problemOf(text),
          );
        }
        return (text ? JSON.parse(text) : {}) as T;
      },
      { numOfAttempts: 3, startingDelay: 100, maxDelay: 1000, retry: retryable },
    );
  }

  /** The provider's recording, from its configured hosts only (redirects too, at most three). */
  private async recording(url: string, attempts = 4): Promise<Recording> {
    const hosts = this.options.recordingHosts;
    if (!isRecordingSource(url, hosts))
      throw new RecordingRefused(`the recording is not on the provider's hosts (${hosts.join(', ')})`);
    if (this.options.fetchRecording) return this.options.fetchRecording(url);
    return backOff(
      async () => {
        let at = url;
        for (let hop = 0; ; hop++) {
          const res = await fetch(at, {
            signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
            redirect: 'manual',
          });
          const location = res.headers.get('location');
          if (res.status >= 300 && res.status < 400 && location) {
            await res.arrayBuffer().catch(() => undefined);
            at = new URL(location, at).toString();
            if (hop >= 2 || !isRecordingSource(at, hosts))
              throw new RecordingRefused(`the recording redirects outside the provider's hosts (${hosts.join(', ')})`);
            continue;
          }
          if (!res.ok) throw new Error(`recording → ${res.status}`);
          return {
            bytes: Buffer.from(await res.arrayBuffer()),
            contentType: res.headers.get('content-type') ?? 'application/octet-stream',
          };
        }
      },
      { numOfAttempts: attempts, startingDelay: 200, retry: retryable },
    );
  }

  /** Intake texts a one-time code to the phone on file of the person (if any); 429: asked too often. */
  async requestCode(input: Parameters<CallPorts['requestCode']>[0]): Promise<CodeRequest> {
    try {
      await this.call(input.region, `${this.options.residentsUrl ?? this.options.intakeUrl}/residents/lookup-codes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ idNumber: input.idNumber, caller: input.caller }),
      });
      return 'sent';
    } catch (err) {
      if (err instanceof PlatformError && err.status === 429) return 'too_many';
      throw err;
    }
  }

  /** The person's requests for the code the caller keyed in; 403: the code is wrong, used or expired; 429: too many. */
  async lookupByIdNumber(input: Parameters<CallPorts['lookupByIdNumber']>[0]): Promise<VerifiedLookup> {
    const query = new URLSearchParams({ idNumber: input.idNumber, code: input.code, caller: input.caller });
    try {
      const lookup = await this.call<Lookup>(
        input.region,
        `${this.options.residentsUrl ?? this.options.intakeUrl}/residents/requests?${query}`,
      );
      return { kind: 'found', lookup };
    } catch (err) {
      if (err instanceof PlatformError && err.status === 403) return { kind: 'wrong_code' };
      if (err instanceof PlatformError && err.status === 429) return { kind: 'too_many' };
      throw err;
    }
  }

  /** The visits of a case awaiting their recipient's confirmation (provider-scheduling, the IVR's token of the region). */
  async awaitingConfirmation(input: Parameters<CallPorts['awaitingConfirmation']>[0]): Promise<VisitToConfirm[]> {
    const { visits } = await this.call<{ visits: VisitToConfirm[] }>(
      input.region,
      `${this.options.schedulingUrl}/cases/${encodeURIComponent(input.caseId)}/visits/awaiting-confirmation`,
    );
    return visits;
  }

  /** The code the caller keyed for a visit: verified, wrong (tries left), the last wrong one, or closed. */
  async confirmVisit(input: Parameters<CallPorts['confirmVisit']>[0]): Promise<VisitCodeOutcome> {
    try {
      await this.call(
        input.region,
        `${this.options.schedulingUrl}/visits/${encodeURIComponent(input.visitId)}/confirmation`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code: input.code, via: 'ivr' }),
        },
      );
      return { kind: 'verified' };
    } catch (err) {
      const code = err instanceof PlatformError ? err.problem.code : undefined;
      if (code === 'wrong_confirmation_code')
        return { kind: 'wrong_code', attemptsLeft: attemptsLeftOf((err as PlatformError).problem) };
      if (code === 'wrong_code_limit') return { kind: 'wrong_code_limit' };
      if (code === 'confirmation_closed') return { kind: 'confirmation_closed' };
      throw err;
    }
  }

  /** The caller says a visit did not happen as recorded (9, then the reason's key): disputed, or closed. */
  async disputeVisit(input: Parameters<CallPorts['disputeVisit']>[0]): Promise<VisitDisputeOutcome> {
    try {
      await this.call(
        input.region,
        `${this.options.schedulingUrl}/visits/${encodeURIComponent(input.visitId)}/dispute`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ via: 'ivr', reason: input.reason }),
        },
      );
      return { kind: 'disputed' };
    } catch (err) {
      if (err instanceof PlatformError && err.problem.code === 'confirmation_closed')
        return { kind: 'confirmation_closed' };
      throw err;
    }
  }

  /**
   * The provider's recording now, or `later` when it cannot be fetched yet (the provider has not finished it, a
   * network failure): then the failure is logged as an error with the call id, and a job on the queue fetches
   * it again with back-off. A URL off the provider's hosts is refused (never retried). Without a job queue the
   * failure is thrown.
   */
  private async recordingNowOrLater(callSid: string, url: string): Promise<Recording | 'later'> {
    try {
      return await this.recording(url, 2);
    } catch (err) {
      if (err instanceof RecordingRefused || !this.options.later) throw err;
      this.options.logger?.error(
        { err, callSid },
        'the caller’s recording could not be downloaded; retrying on the job queue',
      );
      return 'later';
    }
  }

  private async upload(region: string, url: string, recording: Recording): Promise<{ attachmentId: string }> {
    // The services sniff the format (wav, mp3 …); providers label WAV differently (audio/x-wav).
    return this.call<{ attachmentId: string }>(region, url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(recording.bytes),
    });
  }

  private attachToRequest(region: string, caseId: string, recording: Recording) {
    return this.upload(region, `${this.options.intakeUrl}/requests/${caseId}/attachments?kind=voice_note`, recording);
  }

  private attachToApplication(region: string, applicationId: string, part: 'name' | 'need', recording: Recording) {
    return this.upload(
      region,
      `${this.options.intakeUrl}/pending-applications/${applicationId}/recordings?part=${part}`,
      recording,
    );
  }

  /** The recording as complaint evidence, then the complaint naming it (once per call: the Idempotency-Key). */
  private async postComplaint(filing: ComplaintFiling, recording: Recording) {
    const { attachmentId } = await this.upload(
      filing.region,
      `${this.options.complaintsUrl}/attachments?kind=voice_note`,
      recording,
    );
    const phone = validPhone(filing.phone);
    const filed = await this.call<{ complaintNumber: string; complaintId: string }>(
      filing.region,
      `${this.options.complaintsUrl}/complaints`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `ivr-${filing.callSid}` },
        body: JSON.stringify({
          region: filing.region,
          channel: 'ivr',
          kind: 'complaint',
          type: filing.type,
          about: filing.about,
          summary: `热线电话语音投诉（${complaintTopicNames[filing.type]}${filing.detail ? `：${filing.detail}` : ''}），内容见录音附件`,
          attachmentIds: [attachmentId],
          ...(phone ? { reporter: { phone } } : {}),
        }),
      },
    );
    return { complaintNumber: filed.complaintNumber, complaintId: filed.complaintId, recordingId: attachmentId };
  }

  /** The request, then the recording attached to it (now, or by a job when it cannot be fetched yet). */
  async registerRequest(
    input: Parameters<CallPorts['registerRequest']>[0],
  ): Promise<{ caseNumber: string; caseId: string; recordingId?: string; recordingPending?: boolean }> {
    const recording = await this.recordingNowOrLater(input.callSid, input.recordingUrl);
    const phone = validPhone(input.phone);
    const registered = await this.call<{ caseId: string; caseNumber: string }>(
      input.region,
      `${this.options.intakeUrl}/requests`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `ivr-${input.callSid}` },
        body: JSON.stringify({
          region: input.region,
          channel: 'ivr',
          applicant: { name: input.name, idNumber: input.idNumber, ...(phone ? { phone } : {}) },
          address: { township: input.township },
          declaredGroups: [input.group],
          items: [input.itemCode],
          description: '热线电话语音申请，需求见录音附件',
        }),
      },
    );
    const done = { caseNumber: registered.caseNumber, caseId: registered.caseId };
    if (recording === 'later') {
      await this.options.later!({
        callSid: input.callSid,
        region: input.region,
        recordingUrl: input.recordingUrl,
        target: { kind: 'request', caseId: registered.caseId },
      });
      return { ...done, recordingPending: true };
    }
    const attached = await this.attachToRequest(input.region, registered.caseId, recording);
    return { ...done, recordingId: attached.attachmentId };
  }

  /**
   * The complaint with its recording. A recording that cannot be fetched yet leaves the filing to a job (a phone
   * complaint says everything in its recording): no number is given then.
   */
  async fileComplaint(
    input: Parameters<CallPorts['fileComplaint']>[0],
  ): Promise<{ complaintNumber?: string; complaintId?: string; recordingId?: string }> {
    const recording = await this.recordingNowOrLater(input.callSid, input.recordingUrl);
    if (recording === 'later') {
      const { recordingUrl, ...filing } = input;
      await this.options.later!({
        callSid: input.callSid,
        region: input.region,
        recordingUrl,
        target: { kind: 'complaint', filing },
      });
      return {};
    }
    const { recordingUrl: _url, ...filing } = input;
    return this.postComplaint(filing, recording);
  }

  /**
   * A first-time caller's application awaiting identity at intake, then their two recordings (name, need)
   * attached to it, each now or by a job.
   */
  async applyPendingIdentity(
    input: Parameters<CallPorts['applyPendingIdentity']>[0],
  ): Promise<{ applicationNumber: string; applicationId: string }> {
    const parts = [
      { part: 'name' as const, url: input.nameRecordingUrl },
      { part: 'need' as const, url: input.needRecordingUrl },
    ];
    const recordings = [];
    for (const p of parts) recordings.push({ ...p, recording: await this.recordingNowOrLater(input.callSid, p.url) });
    const made = await this.call<{ applicationId: string; applicationNumber: string }>(
      input.region,
      `${this.options.intakeUrl}/pending-applications`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `ivr-${input.callSid}` },
        body: JSON.stringify({
          region: input.region,
          channel: 'ivr',
          callerPhone: input.phone,
          township: input.township,
          callId: input.callSid,
        }),
      },
    );
    for (const { part, url, recording } of recordings) {
      if (recording === 'later')
        await this.options.later!({
          callSid: input.callSid,
          region: input.region,
          recordingUrl: url,
          target: { kind: 'application', applicationId: made.applicationId, part },
        });
      else await this.attachToApplication(input.region, made.applicationId, part, recording);
    }
    return made;
  }

  /**
   * A recording job's work: fetch the recording (one attempt: the queue retries with back-off) and deliver it
   * where it belongs. What it made, for the call record.
   */
  async deliverRecording(job: RecordingJob): Promise<DeliveredRecording> {
    const recording = await this.recording(job.recordingUrl, 1);
    const target = job.target;
    switch (target.kind) {
      case 'request': {
        const { attachmentId } = await this.attachToRequest(job.region, target.caseId, recording);
        return { recording: { service: 'intake', caseId: target.caseId, attachmentId } };
      }
      case 'application': {
        const { attachmentId } = await this.attachToApplication(
          job.region,
          target.applicationId,
          target.part,
          recording,
        );
        return target.part === 'need'
          ? { recording: { service: 'intake', applicationId: target.applicationId, attachmentId } }
          : {};
      }
      case 'complaint': {
        const filed = await this.postComplaint(target.filing, recording);
        return {
          complaintNumber: filed.complaintNumber,
          recording: { service: 'complaints', complaintId: filed.complaintId, attachmentId: filed.recordingId },
        };
      }
    }
  }
}
