import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths as AssessmentPaths } from './generated/assessment';
import type { paths as ComplaintsPaths } from './generated/complaints';
import type { paths as IntakePaths } from './generated/intake';
import type { paths as ReferralPaths } from './generated/referral';
import { problemFrom } from './problem';
import { currentCsrfToken, sessionEnded } from './session-events';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every call to a service goes through the BFF (`/api/<service>/…`, same origin, session cookie): this adds the
 * session's CSRF token to each call that changes something, turns a Problem Details answer into an ApiError
 * (message in the UI's language: `messageZh`/`detailZh` or `detail`), and ends the session on 401.
 */
export const consoleMiddleware: Middleware = {
  onRequest({ request }) {
    if (SAFE.has(request.method)) return request;
    const token = currentCsrfToken();
    if (token) request.headers.set('x-csrf-token', token);
    return request;
  },
  async onResponse({ response }) {
    if (response.ok) return response;
    const error = await problemFrom(response);
    if (response.status === 401) sessionEnded();
    throw error;
  },
};

function serviceClient<Paths extends object>(service: string): Client<Paths> {
  const client = createClient<Paths>({ baseUrl: `/api/${service}`, credentials: 'same-origin' });
  client.use(consoleMiddleware);
  return client;
}

/** One client per service, typed by its generated OpenAPI paths (web/src/api/generated/<service>.ts). */
export const api = {
  intake: serviceClient<IntakePaths>('intake'),
  assessment: serviceClient<AssessmentPaths>('assessment'),
  referral: serviceClient<ReferralPaths>('referral'),
  complaints: serviceClient<ComplaintsPaths>('complaints'),
};

/**
 * The answer of a call, typed as the screen reads it (views.ts): the documents do not describe answers, and
 * errors never get here (the middleware throws them).
 */
export async function answer<T>(call: Promise<{ data?: unknown; response: Response }>): Promise<T> {
  const { data } = await call;
  return data as T;
}
