import { AppError, type ServiceApp } from '@carelink/http';
import { currentTraceparent, type Logger } from '@carelink/telemetry';
import type { Request, Response } from 'express';
import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream';
import { principalOf } from '../../domain/accounts/account';
import type { StaffTokens } from '../../data-access/service-calls';
import { signedIn } from './session-gate';

/** Request headers passed on to the service (never the browser's cookies or authorization). */
const REQUEST_HEADERS = [
  'accept',
  'accept-language',
  'content-type',
  'content-length',
  'idempotency-key',
  'if-none-match',
  'if-modified-since',
  'range',
] as const;

/** Answer headers passed back to the browser. */
const RESPONSE_HEADERS = [
  'content-type',
  'content-disposition',
  'content-length',
  'content-range',
  'accept-ranges',
  'retry-after',
  'etag',
  'last-modified',
] as const;

/** The path and query after `/api/<service>`, as the browser sent them (`/requests?status=new`). */
function pathAfterService(req: Request): string {
  const afterApi = req.originalUrl.slice('/api/'.length);
  const slash = afterApi.indexOf('/');
  return slash < 0 ? '/' : afterApi.slice(slash);
}

/**
 * `ALL /api/<service>/<path>`: passes the request on to the service (method, path, query, body streamed) with a
 * staff JWT signed for this request from the session's account (the browser never sees one), and the W3C
 * `traceparent` of the request's span; passes the answer back (status, content type and disposition, body
 * streamed). A JSON body the console already parsed is passed on re-serialised; every other body (uploads) is
 * streamed as it comes. An unknown service is 404; a service that does not answer, 502 (504 after the timeout).
 */
export function proxyRoutes(
  app: ServiceApp,
  deps: { serviceUrls: Record<string, string>; tokens: StaffTokens; timeoutMs: number; logger: Logger },
): void {
  app.express.all('/api/:service/*rest', async (req: Request, res: Response, next) => {
    try {
      const service = String(req.params.service);
      const base = Object.hasOwn(deps.serviceUrls, service) ? deps.serviceUrls[service] : undefined;
      if (!base)
        throw new AppError('unknown_service', 404, `no service named ${service}`, {
          messageZh: '请求的业务服务不存在',
        });
      const { account } = signedIn(req);
      const token = await deps.tokens(principalOf(account));
      await forward(req, res, new URL(base), pathAfterService(req), token, deps);
    } catch (err) {
      next(err);
    }
  });
}

function forward(
  req: Request,
  res: Response,
  base: URL,
  path: string,
  token: string,
  deps: { timeoutMs: number; logger: Logger },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const headers: OutgoingHttpHeaders = { authorization: `Bearer ${token}` };
    for (const name of REQUEST_HEADERS) {
      const value = req.get(name);
      if (value !== undefined) headers[name] = value;
    }
    const traceparent = currentTraceparent();
    if (traceparent) headers.traceparent = traceparent;
    // express.json() has read a JSON body already: send what it parsed.
    const parsed = req.body !== undefined ? Buffer.from(JSON.stringify(req.body)) : undefined;
    if (parsed) {
      headers['content-length'] = String(parsed.length);
      delete headers['transfer-encoding'];
    }

    const client = base.protocol === 'https:' ? https : http;
    const upstream = client.request({
      protocol: base.protocol,
      hostname: base.hostname,
      port: base.port || undefined,
      method: req.method,
      path: base.pathname.replace(/\/$/, '') + path,
      headers,
      timeout: deps.timeoutMs,
    });
    let settled = false;
    const fail = (err: AppError) => {
      if (settled) return;
      settled = true;
      if (!res.headersSent) reject(err);
      else {
        res.destroy(err);
        resolve();
      }
    };
    upstream.on('timeout', () => {
      upstream.destroy();
      fail(
        new AppError('upstream_timeout', 504, 'the service did not answer in time', {
          messageZh: '业务服务响应超时，请稍后再试',
        }),
      );
    });
    upstream.on('error', (err) => {
      deps.logger.warn({ err: err.message, host: base.host }, 'a service could not be reached');
      fail(
        new AppError('upstream_unavailable', 502, 'the service cannot be reached now', {
          messageZh: '业务服务暂时无法访问，请稍后再试',
          retryAfterSeconds: 1,
        }),
      );
    });
    upstream.on('response', (answer: IncomingMessage) => {
      res.status(answer.statusCode ?? 502);
      for (const name of RESPONSE_HEADERS) {
        const value = answer.headers[name];
        if (value !== undefined) res.setHeader(name, value);
      }
      res.setHeader('cache-control', 'no-store');
      pipeline(answer, res, (err) => {
        settled = true;
        if (err && !res.writableEnded) res.destroy();
        resolve();
      });
    });
    // The browser hung up: stop the service's work on our side too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });

    if (parsed) upstream.end(parsed);
    else
      pipeline(req, upstream, (err) => {
        if (err) upstream.destroy(err);
      });
  });
}
