import type { Locale } from '../i18n/messages';

/** A Problem Details answer (RFC 9457) as the BFF and the services send it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  detail?: string;
  /** The BFF's Chinese message. */
  messageZh?: string;
  /** The services' Chinese message (libs/http). */
  detailZh?: string;
  errors?: { path?: string; message?: string }[];
  traceId?: string;
  [extra: string]: unknown;
}

let currentLocale: Locale = 'zh-CN';
/** The locale error messages are written in (kept in step with the UI's by the locale provider). */
export function setErrorLocale(locale: Locale): void {
  currentLocale = locale;
}

/**
 * A refused or failed call: `message` is what the user reads (the service's Chinese message in the Chinese UI,
 * its English detail in the English one); `code` is what screens branch on (`totp_required`, `account_locked` …).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;
  /** Seconds from the Retry-After header (423 lock-outs, 429, 503), when given. */
  readonly retryAfterSeconds?: number;

  constructor(status: number, problem: Problem, retryAfterSeconds?: number) {
    const zh = problem.messageZh ?? problem.detailZh;
    const message =
      currentLocale === 'zh-CN'
        ? (zh ?? fallbackZh(status))
        : (problem.detail ?? problem.title ?? zh ?? `HTTP ${status}`);
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? `http_${status}`;
    this.problem = problem;
    if (retryAfterSeconds !== undefined) this.retryAfterSeconds = retryAfterSeconds;
  }
}

function fallbackZh(status: number): string {
  if (status === 401) return '登录已失效，请重新登录';
  if (status === 403) return '无权进行此操作';
  if (status === 404) return '未找到相关记录';
  if (status === 409) return '记录已被他人修改或状态已变化，请刷新后重试';
  if (status === 429 || status === 503) return '系统繁忙，请稍后再试';
  if (status >= 500) return '系统繁忙，请稍后再试';
  return '提交的信息有误，请检查后重新提交';
}

/** Reads an error answer into an ApiError (whatever its body: problem JSON, other JSON, text, nothing). */
export async function problemFrom(response: Response): Promise<ApiError> {
  let problem: Problem = {};
  try {
    const text = await response.clone().text();
    if (text) {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object') problem = parsed as Problem;
    }
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): the status alone says what happened.
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiError(response.status, problem, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
}

/** The message to show for any error a query or mutation ends with. */
export function errorMessage(err: unknown, network: string): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof TypeError) return network; // fetch() rejects with a TypeError when the server is unreachable
  return err instanceof Error && err.message ? err.message : network;
}
