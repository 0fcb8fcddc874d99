import { DomainError, type DomainErrorKind, type ProblemItem } from '@carelink/contracts';
import type { Registration } from '../domain/application';
import type { ResidentRequests } from '../domain/look-up-progress/whose-requests';
import { ServiceUnavailable } from '../domain/service-calls';
import type { IntakeRegistrations } from '../domain/submit-application/submit-application';

export type { ResidentRequests };

/** Asking intake to text a one-time code to the phone on file. */
export type CodeRequest = 'sent' | 'too_many' | 'unavailable';

/** A look-up with the code the resident typed in: found, the code refused, too many look-ups, or no answer. */
export type ProgressLookup =
  { kind: 'found'; found: ResidentRequests } | { kind: 'wrong_code' } | { kind: 'too_many' } | { kind: 'unavailable' };

/** The kind of refusal a service's 4xx answer is. */
function refusalKind(status: number): DomainErrorKind {
  if (status === 401 || status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 422) return 'unprocessable';
  return 'invalid';
}

/** The members of a problem (RFC 9457) beyond its standard ones and @carelink/http's own. */
const PROBLEM_MEMBERS = new Set([
  'type',
  'title',
  'status',
  'detail',
  'instance',
  'code',
  'detailZh',
  'errors',
  'traceId',
]);
function problemExtensions(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([k]) => !PROBLEM_MEMBERS.has(k)));
}

/**
 * JSON over HTTP with the bot's channel_adapter token. A 4xx answer is the service refusing what was sent:
 * a `DomainError` with the problem's words for residents; anything else that fails is `ServiceUnavailable`.
 */
export async function callService<T>(
  url: string,
  init: {
    method: string;
    token: string;
    body?: unknown;
    raw?: { bytes: Buffer; contentType: string };
    headers?: Record<string, string>;
  },
  timeoutMs = 10_000,
): Promise<{ status: number; body: T }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method,
      headers: {
        authorization: `Bearer ${init.token}`,
        ...init.headers,
        ...(init.raw
          ? { 'content-type': init.raw.contentType }
          : init.body !== undefined
            ? { 'content-type': 'application/json' }
            : {}),
      },
      body: init.raw ? new Uint8Array(init.raw.bytes) : init.body !== undefined ? JSON.stringify(init.body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new ServiceUnavailable(`${init.method} ${url}: ${(err as Error).message}`);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw new ServiceUnavailable(`${init.method} ${url}: ${res.status}, body unreadable: ${(err as Error).message}`);
  }
  // A gateway's HTML error page or a cut-off body is a failure to retry, not a bug of the bot.
  if (res.status >= 500 || res.status === 429)
    throw new ServiceUnavailable(`${init.method} ${url}: ${res.status} ${text.slice(0, 300)}`, res.status);
  let body: Record<string, unknown> = {};
  try {
    if (text) body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ServiceUnavailable(`${init.method} ${url}: ${res.status} answered no JSON: ${text.slice(0, 300)}`);
  }
  if (res.status >= 400)
    throw new DomainError(
      refusalKind(res.status),
      String(body.code ?? 'refused'),
      `${init.method} ${url}: ${res.status}`,
      {
        // RFC 9457 problems of @carelink/http: detailZh is the message for residents.
        messageZh: String(body.detailZh ?? body.detail ?? body.title ?? res.statusText),
        // The problem's extension members (RFC 9457 §3.2, e.g. the tries left after a wrong code) go with its code.
        details: [
          { code: String(body.code ?? 'upstream_refused'), status: res.status, ...problemExtensions(body) },
          ...(Array.isArray(body.errors) ? (body.errors as ProblemItem[]) : []),
        ],
      },
    );
  return { status: res.status, body: body as T };
}

/**
 * Intake as the bot's channel adapter. `token` gives the adapter token of a region (a request goes in with the
 * token of its own region), or of the bot's region when none is named (a client of one region's look-ups).
 */
export class IntakeClient implements IntakeRegistrations {
  constructor(
    private readonly baseUrl: string,
    private readonly token: (region?: string) => Promise<string>,
  ) {}

  async register(body: { region: string }): Promise<Registration> {
    return (
      await callService<Registration>(`${this.baseUrl}/requests`, {
        method: 'POST',
        token: await this.token(body.region),
        body,
      })
    ).body;
  }

  async attachVoiceNote(caseId: string, bytes: Buffer, contentType: string, region?: string): Promise<void> {
    await callService(`${this.baseUrl}/requests/${caseId}/attachments?kind=voice_note`, {
      method: 'POST',
      token: await this.token(region),
      raw: { bytes, contentType },
    });
  }

  /**
   * Has intake text a one-time code to the phone on file for a look-up by `phone` (sent only if the number is
   * on file and confirmed; the answer is the same either way). `caller`: who the look-ups are counted under.
   */
  async requestCode(phone: string, caller: string): Promise<CodeRequest> {
    try {
      await callService(`${this.baseUrl}/residents/lookup-codes`, {
        method: 'POST',
        token: await this.token(),
        body: { phone, caller },
      });
      return 'sent';
    } catch (err) {
      return err instanceof ServiceUnavailable && err.status === 429 ? 'too_many' : 'unavailable';
    }
  }

  /** The resident's requests, found by phone with the code texted to the phone on file. */
  async requestsOf(phone: string, code: string, caller: string): Promise<ProgressLookup> {
    const query = new URLSearchParams({ phone, code, caller });
    try {
      const { body } = await callService<ResidentRequests>(`${this.baseUrl}/residents/requests?${query}`, {
        method: 'GET',
        token: await this.token(),
      });
      return { kind: 'found', found: body };
    } catch (err) {
      if (err instanceof ServiceUnavailable && err.status === 429) return { kind: 'too_many' };
      if (err instanceof DomainError && ['verification_failed', 'verification_required'].includes(err.code))
        return { kind: 'wrong_code' };
      return { kind: 'unavailable' };
    }
  }
}
