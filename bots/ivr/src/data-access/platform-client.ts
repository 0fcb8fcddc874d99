import { phoneNumber } from '@carelink/contracts';
import { backOff } from 'exponential-backoff';
import type { CallPorts, Lookup } from '../domain/call-flow';

export interface PlatformClientOptions {
  intakeUrl: string;
  complaintsUrl: string;
  /** Where `GET /residents/requests` is served; intake by default. */
  residentsUrl?: string;
  /** Bearer token of the adapter (role channel_adapter, the call's region). */
  token: (region: string) => Promise<string>;
  /** Downloads a recording the provider holds (RecordingUrl). */
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

/** Server errors and network failures are retried; client errors will not get better by retrying. */
const retryable = (err: unknown) => !(err instanceof PlatformError && err.status < 500);

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

  private async recording(url: string): Promise<{ bytes: Buffer; contentType: string }> {
    if (this.options.fetchRecording) return this.options.fetchRecording(url);
    return backOff(
      async () => {
        const res = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000) });
        if (!res.ok) throw new Error(`recording ${url} → ${res.status}`);
        return {
          bytes: Buffer.from(await res.arrayBuffer()),
          contentType: res.headers.get('content-type') ?? 'application/octet-stream',
        };
      },
      { numOfAttempts: 4, startingDelay: 200 },
    );
  }

  lookupByPhone(region: string, phone: string): Promise<Lookup> {
    return this.call(
      region,
      `${this.options.residentsUrl ?? this.options.intakeUrl}/residents/requests?phone=${encodeURIComponent(phone)}`,
    );
  }

  lookupByIdNumber(region: string, idNumber: string): Promise<Lookup> {
    return this.call(
      region,
      `${this.options.residentsUrl ?? this.options.intakeUrl}/residents/requests?idNumber=${encodeURIComponent(idNumber)}`,
    );
  }

  /** The recording first (no request without it), then the request, then the recording attached to it. */
  async registerRequest(input: Parameters<CallPorts['registerRequest']>[0]): Promise<{ caseNumber: string }> {
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
    await this.call(
      input.region,
      `${this.options.intakeUrl}/requests/${registered.caseId}/attachments?kind=voice_note`,
      // The services sniff the format (wav, mp3 …); providers label WAV differently (audio/x-wav).
      {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: new Uint8Array(recording.bytes),
      },
    );
    return { caseNumber: registered.caseNumber };
  }

  async fileComplaint(input: Parameters<CallPorts['fileComplaint']>[0]): Promise<{ complaintNumber: string }> {
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
    const filed = await this.call<{ complaintNumber: string }>(
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
    return { complaintNumber: filed.complaintNumber };
  }
}
