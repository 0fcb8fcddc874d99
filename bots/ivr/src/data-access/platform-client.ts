import { phoneNumber } from '@carelink/contracts';
import { backOff } from 'exponential-backoff';
import type { CallPorts, CodeRequest, Lookup, VerifiedLookup } from '../domain/call-flow';

export interface PlatformClientOptions {
  intakeUrl: string;
  complaintsUrl: string;
  /** Where `GET /residents/requests` is served; intake by default. */
  residentsUrl?: string;
  /** Bearer token of the adapter (role channel_adapter, the call's region). */
  token: (region: string) => Promise<string>;
  /** Where the provider serves recordings (VOICE_RECORDING_HOSTS): host names (https) or origins. */
  recordingHosts: string[];
  /** Downloads a recording the provider holds (RecordingUrl), once its host is checked. */
  fetchRecording?: (url: string) => Promise<{ bytes: Buffer; contentType: string }>;
  timeoutMs?: number;
}

class PlatformError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
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
          throw new PlatformError(res.status, `${init.method ?? 'GET'} ${url} → ${res.status} ${text.slice(0, 300)}`);
        }
        return (text ? JSON.parse(text) : {}) as T;
      },
      { numOfAttempts: 3, startingDelay: 100, maxDelay: 1000, retry: retryable },
    );
  }

  /** The provider's recording, from its configured hosts only (redirects too, at most three). */
  private async recording(url: string): Promise<{ bytes: Buffer; contentType: string }> {
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
      { numOfAttempts: 4, startingDelay: 200, retry: retryable },
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

  /** The recording first (no request without it), then the request, then the recording attached to it. */
  async registerRequest(
    input: Parameters<CallPorts['registerRequest']>[0],
  ): Promise<{ caseNumber: string; caseId: string; recordingId: string }> {
    const recording = await this.recording(input.recordingUrl);
    const phone = validPhone(input.phone);
    const registered = await this.call<{ caseId: string; caseNumber: string }>(
      input.region,
      `${this.options.intakeUrl}/requests`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
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
    const attached = await this.call<{ attachmentId: string }>(
      input.region,
      `${this.options.intakeUrl}/requests/${registered.caseId}/attachments?kind=voice_note`,
      // The services sniff the format (wav, mp3 …); providers label WAV differently (audio/x-wav).
      {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: new Uint8Array(recording.bytes),
      },
    );
    return { caseNumber: registered.caseNumber, caseId: registered.caseId, recordingId: attached.attachmentId };
  }

  async fileComplaint(
    input: Parameters<CallPorts['fileComplaint']>[0],
  ): Promise<{ complaintNumber: string; complaintId: string; recordingId: string }> {
    const recording = await this.recording(input.recordingUrl);
    const { attachmentId } = await this.call<{ attachmentId: string }>(
      input.region,
      `${this.options.complaintsUrl}/attachments?kind=voice_note`,
      // The services sniff the format (wav, mp3 …); providers label WAV differently (audio/x-wav).
      {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: new Uint8Array(recording.bytes),
      },
    );
    const filed = await this.call<{ complaintNumber: string; complaintId: string }>(
      input.region,
      `${this.options.complaintsUrl}/complaints`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `ivr-${input.callSid}` },
        body: JSON.stringify({
          region: input.region,
          channel: 'ivr',
          kind: 'complaint',
          type: 'other',
          about: input.about,
          summary: '热线电话语音投诉，内容见录音附件',
          attachmentIds: [attachmentId],
          ...(validPhone(input.phone) ? { reporter: { phone: validPhone(input.phone) } } : {}),
        }),
      },
    );
    return { complaintNumber: filed.complaintNumber, complaintId: filed.complaintId, recordingId: attachmentId };
  }
}
