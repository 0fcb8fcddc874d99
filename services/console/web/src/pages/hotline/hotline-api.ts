import createClient, { type Client } from 'openapi-fetch';
import { consoleMiddleware } from '../../api/client';
import type { paths as IvrPaths } from '../../api/generated/ivr';
import type { paths as TelegramPaths } from '../../api/generated/telegram';
import { problemFrom } from '../../api/problem';
import { currentCsrfToken, sessionEnded } from '../../api/session-events';
import type { ComplaintView } from '../../api/views';

/**
 * The hotline's own services: the IVR adapter (call records) and the chat bot (hand-over queue), reached through
 * the BFF like every other service (`/api/ivr`, `/api/telegram`) with the console's middleware (CSRF header,
 * Problem Details → ApiError, 401 → sign-in). The shared `api` object has no clients for them yet.
 */
function botClient<Paths extends object>(name: string): Client<Paths> {
  const client = createClient<Paths>({ baseUrl: `/api/${name}`, credentials: 'same-origin' });
  client.use(consoleMiddleware);
  return client;
}

export const hotlineApi = {
  ivr: botClient<IvrPaths>('ivr'),
  telegram: botClient<TelegramPaths>('telegram'),
};

// ---- what the answers look like (the generated documents describe requests only) ----

/** How an IVR call ended (bots/ivr CallOutcome); `in_progress` while it has none. */
export const CALL_OUTCOMES = ['applied', 'complained', 'status_read', 'operator', 'abandoned', 'in_progress'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Why the IVR puts a caller on the call-back list (bots/ivr CallBackReason). */
export type CallBackReason = 'hung_up' | 'asked_operator' | 'recording_failed' | 'service_failed';

/** A caller to call back, and the operators' attempts so far (reaching them closes it). */
export interface CallBackView {
  reason: CallBackReason;
  state: 'pending' | 'done';
  attempts: { by: string; at: string; reached: boolean; note?: string }[];
}

/** bots/ivr `GET /calls` and `GET /call-backs` items (CallRecord), as a hotline operator reads them. */
export interface CallRecordView {
  callSid: string;
  region: string;
  /** 138****8000: enough to recognise a caller, not to call them. */
  callerMasked: string;
  /** The number in clear: for the hotline, which calls back. */
  callerNumber?: string;
  personId?: string;
  startedAt: string;
  updatedAt: string;
  endedAt?: string;
  endStatus?: string;
  /** The menu steps, `node:input` (`menu:2`, `id-entry:keyed`, `complaint-record:recording`). */
  path: string[];
  outcome?: Exclude<CallOutcome, 'in_progress'>;
  transferReason?: string;
  caseNumber?: string;
  complaintNumber?: string;
  /** The recording the call left with the complaint (or request) it made. */
  recording?:
    | { service: 'complaints'; complaintId: string; attachmentId: string }
    | { service: 'intake'; caseId: string; attachmentId: string };
  callBack?: CallBackView;
}

/** bots/ivr `GET /calls`: the calls of the days, with counts per outcome of all of them. */
export interface CallsAnswer {
  from?: string;
  to?: string;
  total?: number;
  outcomes?: Record<string, number>;
  items?: CallRecordView[];
  /** The answer before the day range (since= only). */
  calls?: CallRecordView[];
}

/** A chat handed over to a person (bots/telegram OperatorQueue; the BFF's `chat-waiting` event data). */
export interface WaitingChatView {
  chatId: number;
  requestedAt: string;
  locale?: string;
  state?: 'waiting' | 'taken';
  /** Where the bot knows them: the person's name, their latest case and its township. */
  name?: string;
  caseId?: string;
  caseNumber?: string;
  township?: string;
}

export interface TranscriptLine {
  from: 'resident' | 'operator';
  text: string;
  at: string;
}

/** complaints `GET /complaints/:id` and the list's items: the whole complaint but the sealed reporter. */
export interface ComplaintDetailView extends ComplaintView {
  attachmentIds?: string[];
  anonymous?: boolean;
  hasReporter?: boolean;
  /** Only for the complaint's handler (NEEDED-APIS.md H4 asks it for hotline operators of phone complaints). */
  reporter?: { name?: string; phone?: string; idNumber?: string };
  answer?: string;
  outcome?: { upheld: boolean; summary: string };
  rating?: { score: number; comment?: string; ratedAt: string };
  round?: number;
  receivedBy?: string;
  history?: { from: string; to: string; actor: string; reason: string; at: string; escalated?: boolean }[];
  resolvedAt?: string;
  /** In lists: the time limit it runs against now (acknowledge while received, else resolve); none once resolved. */
  due?: { kind: 'acknowledge' | 'resolve'; dueAt: string; overdue: boolean };
}

/**
 * The bytes of a complaint's attachment (a voice note, photo or document) as a blob, read through the BFF
 * (complaints `GET /complaints/:complaintId/attachments/:attachmentId`, audited there). Errors come back as
 * ApiError, like every call.
 */
export async function fetchComplaintAttachment(
  complaintId: string,
  attachmentId: string,
  signal?: AbortSignal,
): Promise<Blob> {
  const response = await fetch(
    `/api/complaints/complaints/${encodeURIComponent(complaintId)}/attachments/${encodeURIComponent(attachmentId)}`,
    { credentials: 'same-origin', ...(signal ? { signal } : {}) },
  );
  if (!response.ok) {
    const error = await problemFrom(response);
    if (response.status === 401) sessionEnded();
    throw error;
  }
  return response.blob();
}

/**
 * A call to an endpoint the generated documents (web/src/api/generated) do not describe yet, through the BFF with
 * the same CSRF header and errors as the typed clients; typed by what the service's route answers.
 */
export async function serviceCall<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = currentCsrfToken();
  if (method !== 'GET' && token) headers['x-csrf-token'] = token;
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) {
    const error = await problemFrom(response);
    if (response.status === 401) sessionEnded();
    throw error;
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Uploads a file to complaints before filing (`POST /attachments?kind=`; raw body, its own content type): the
 * id goes into the complaint's `attachmentIds`.
 */
export async function uploadComplaintAttachment(
  file: File,
  kind: 'voice_note' | 'photo' | 'document',
): Promise<{ attachmentId: string; kind: string; contentType: string; size: number }> {
  const headers: Record<string, string> = {
    'content-type': file.type || 'application/octet-stream',
    accept: 'application/json',
  };
  const token = currentCsrfToken();
  if (token) headers['x-csrf-token'] = token;
  const response = await fetch(`/api/complaints/attachments?kind=${kind}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers,
    body: file,
  });
  if (!response.ok) {
    const error = await problemFrom(response);
    if (response.status === 401) sessionEnded();
    throw error;
  }
  return (await response.json()) as { attachmentId: string; kind: string; contentType: string; size: number };
}
