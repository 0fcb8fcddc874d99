import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { assertCovers, verifyBearerToken, type StaffPrincipal, type StaffRole } from '@carelink/auth';
import type { Logger, ServiceMetrics } from '@carelink/telemetry';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import type { Server } from 'node:http';
import { z } from 'zod';
import { DomainError } from '@carelink/contracts';
import { AppError } from './app-error';
import { Admission, storeUnavailable, type AdmissionLimits } from './admission';
import {
  assertRolesRead,
  projectAnswer,
  readEntry,
  refusalEntry,
  type AuditSink,
  type RouteReads,
} from './access-audit';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: StaffPrincipal;
    /** The bytes of a JSON body as they came (a signed body is checked over these, never over re-serialised JSON). */
    rawBody?: Buffer;
  }
}

export interface RouteSpec<
  TBody extends z.ZodType | undefined = undefined,
  TQuery extends z.ZodObject | undefined = undefined,
> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  /** Who may call it; omitted = public. */
  roles?: StaffRole[];
  /** The personal data it answers: the answer is cut to the caller's fields, and every read is audited. */
  reads?: RouteReads;
  body?: TBody;
  /** Take the body as raw bytes (file uploads) up to this size, e.g. '10mb'; `req.body` is then a Buffer. */
  rawBodyLimit?: string;
  /** Validated before the handler runs; a bad value gets 400 invalid_request naming the parameter. */
  query?: TQuery;
  responses?: Record<number, string>;
  /**
   * Resolves to the answer, sent as JSON (201 for a post; 204 when undefined), or to a function that sends bytes
   * itself (a file, an export), called once a read of personal data is audited.
   */
  handle: (ctx: {
    req: Request;
    res: Response;
    body: TBody extends z.ZodType ? z.infer<TBody> : undefined;
    query: TQuery extends z.ZodObject ? z.infer<TQuery> : undefined;
    principal: StaffPrincipal;
  }) => Promise<unknown>;
}

export interface ServiceAppOptions {
  service: string;
  version?: string;
  logger: Logger;
  metrics: ServiceMetrics;
  /** The public keys that check staff tokens (STAFF_TOKEN_PUBLIC_KEYS, a JWK set). */
  staffKeys: string;
  /** The public keys that check channel adapters' tokens (ADAPTER_TOKEN_PUBLIC_KEYS); omitted = refused. */
  adapterKeys?: string;
  /** Bearer tokens living longer than this are refused (STAFF_TOKEN_MAX_HOURS); default 12 hours. */
  maxTokenLifetimeSeconds?: number;
  /** Each check names a dependency and says whether it answers now. */
  readiness: Record<string, () => Promise<boolean>>;
  bodyLimit?: string;
  /** Back-pressure limits (see Admission); omitted = no limit. */
  admission?: AdmissionLimits;
  /** Says whether an error means the store is busy or away for now (answered 503 with Retry-After). */
  isTransient?: (err: unknown) => boolean;
  /** Where reads of personal data (routes with `reads`) and every refusal (403, 401 of a readable token) are audited. */
  audit?: AuditSink;
}

/**
 * An express 5 app with carelink's plumbing: JSON bodies, request logs and metrics, `/healthz`,
 * `/readyz`, `/metrics`, `/openapi.json`, staff authentication, zod validation and Problem Details errors.
 * Declare routes with `route()`; call `seal()` once all are declared.
 */
export class ServiceApp {
  readonly express: Express;
  private readonly routes: RouteSpec<z.ZodType | undefined, z.ZodObject | undefined>[] = [];

  constructor(private readonly options: ServiceAppOptions) {
    const app = express();
    app.disable('x-powered-by');
    app.use(securityHeaders());
    if (options.admission) {
      const admission = new Admission(options.admission, (reason) => options.metrics.httpRefused.inc({ reason }));
      app.use(admission.middleware());
    }
    app.use(
      express.json({
        limit: options.bodyLimit ?? '1mb',
        verify: (req, _res, bytes) => void ((req as Request).rawBody = bytes),
      }),
    );
    // One server span per request, continuing the caller's W3C trace context.
    app.use((req, res, next) => {
      const parent = propagation.extract(context.active(), req.headers);
      const span = trace
        .getTracer('carelink-http')
        .startSpan(
          `${req.method} ${req.path}`,
          { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.path } },
          parent,
        );
      res.on('finish', () => {
        span.setAttribute('http.response.status_code', res.statusCode);
        if (req.route?.path) span.updateName(`${req.method} ${req.route.path as string}`);
        if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      });
      context.with(trace.setSpan(parent, span), next);
    });
    app.use((req, res, next) => {
      const start = process.hrtime.bigint();
      res.on('finish', () => {
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        const route = (req.route?.path as string | undefined) ?? 'unmatched';
        options.metrics.httpRequests.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
        if (!req.path.startsWith('/healthz') && !req.path.startsWith('/metrics') && !req.path.startsWith('/readyz'))
          options.logger.info(
            { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(seconds * 1000) },
            'http request',
          );
      });
      next();
    });
    app.get('/healthz', (_req, res) => void res.json({ status: 'ok', service: options.service }));
    app.get('/readyz', async (_req, res) => {
      const checks: Record<string, boolean> = {};
      await Promise.all(
        Object.entries(options.readiness).map(async ([name, check]) => {
          checks[name] = await check().catch(() => false);
        }),
      );
      const ready = Object.values(checks).every(Boolean);
      res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks });
    });
    app.get('/metrics', async (_req, res) => {
      res.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
    });
    app.get('/openapi.json', (_req, res) => void res.json(this.openApi()));
    this.express = app;
  }

  route<TBody extends z.ZodType | undefined = undefined, TQuery extends z.ZodObject | undefined = undefined>(
    spec: RouteSpec<TBody, TQuery>,
  ): this {
    this.routes.push(spec as unknown as RouteSpec<z.ZodType | undefined, z.ZodObject | undefined>);
    const resource = `${spec.method.toUpperCase()} ${spec.path}`;
    if (spec.reads) {
      assertRolesRead(resource, spec.roles, spec.reads);
      if (!this.options.audit) throw new Error(`${resource} reads personal data: the app needs an audit sink`);
    }
    const handlers: RequestHandler[] = [
      (req, _res, next) => {
        req.servedRoute = { resource, reads: spec.reads, params: { ...req.params } };
        next();
      },
    ];
    if (spec.roles) handlers.push(this.authenticate(spec.roles));
    if (spec.rawBodyLimit) handlers.push(express.raw({ type: () => true, limit: spec.rawBodyLimit }));
    handlers.push(async (req, res, next) => {
      try {
        let body: unknown;
        if (spec.body) {
          const parsed = spec.body.safeParse(req.body);
          if (!parsed.success) throw invalidRequest(parsed.error);
          body = parsed.data;
          assertOwnChannel(req.principal, body);
        }
        let query: unknown;
        if (spec.query) {
          const parsed = spec.query.safeParse(req.query);
          if (!parsed.success) throw invalidRequest(parsed.error);
          query = parsed.data;
        }
        const handled = await spec.handle({
          req,
          res,
          body: body as never,
          query: query as never,
          principal: req.principal!,
        });
        const result = spec.reads ? await this.answerRead(req, res, spec.reads, handled, query) : handled;
        if (!res.headersSent) {
          // A route answering bytes (a file, an export) returns the function that sends them: run after the audit.
          if (typeof result === 'function') await (result as () => unknown)();
          else if (result === undefined) res.status(204).end();
          else res.status(spec.method === 'post' ? 201 : 200).json(result);
        }
      } catch (err) {
        next(err);
      }
    });
    this.express[spec.method](spec.path, ...handlers);
    return this;
  }

  private authenticate(roles: StaffRole[]): RequestHandler {
    return async (req, res, next) => {
      // Authenticated answers carry personal data: no cache (browser, proxy) may keep them, refusals included.
      res.setHeader('cache-control', 'no-store');
      try {
        const header = req.headers.authorization ?? '';
        const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
        if (!token) throw new AppError('unauthenticated', 401, 'a bearer token is required', { messageZh: '请先登录' });
        let principal: StaffPrincipal;
        try {
          principal = await verifyBearerToken(token, {
            staffKeys: this.options.staffKeys,
            adapterKeys: this.options.adapterKeys,
            maxLifetimeSeconds: this.options.maxTokenLifetimeSeconds,
          });
        } catch (err) {
          throw new AppError('invalid_token', 401, `the bearer token is not valid: ${(err as Error).message}`, {
            messageZh: '登录已失效，请重新登录',
          });
        }
        req.principal = principal;
        if (!roles.includes(principal.role))
          throw AppError.forbidden(
            'role_not_allowed',
            `role ${principal.role} may not do this; allowed: ${roles.join(', ')}`,
            '您的岗位无权办理此事项',
          );
        next();
      } catch (err) {
        next(err);
      }
    };
  }

  /** Audits a read of personal data (one insert) and cuts the answer to the fields the caller's role reads. */
  private async answerRead(req: Request, res: Response, reads: RouteReads, answer: unknown, query: unknown) {
    const principal = req.principal!;
    const entry = readEntry(principal, req.servedRoute!, reads, answer, query);
    if (!res.headersSent) await this.options.audit!.record(entry);
    else
      // The route sent its answer itself rather than return a sender: audit after the fact; a failure is logged.
      await this.options
        .audit!.record(entry)
        .catch((err: unknown) => this.options.logger.error({ err, path: req.path }, 'a read could not be audited'));
    return projectAnswer(principal.role, reads, answer);
  }

  /** Adds the 404 and error handlers; call after every route is declared. */
  seal(): Express {
    this.express.use((req, _res, next) =>
      next(
        new AppError('route_not_found', 404, `no route ${req.method} ${req.path}`, { messageZh: '请求的地址不存在' }),
      ),
    );
    this.express.use(problemDetails(this.options.logger, this.options.isTransient, this.options.audit));
    return this.express;
  }

  openApi(): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of this.routes) {
      const path = r.path.replace(/:(\w+)/g, '{$1}');
      const parameters = [...r.path.matchAll(/:(\w+)/g)].map((m) => ({
        name: m[1],
        in: 'path',
        required: true,
        schema: { type: 'string' },
      }));
      if (r.query) {
        for (const [name, schema] of Object.entries(r.query.shape)) {
          parameters.push({
            name,
            in: 'query',
            required: !(schema as z.ZodType).safeParse(undefined).success,
            schema: z.toJSONSchema(schema as z.ZodType, { unrepresentable: 'any' }) as never,
          });
        }
      }
      paths[path] ??= {};
      paths[path]![r.method] = {
        summary: r.summary,
        ...(r.roles ? { security: [{ staffJwt: [] }], 'x-roles': r.roles } : {}),
        ...(r.reads ? { 'x-reads': r.reads.resource, 'x-audited': true } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(r.body
          ? {
              requestBody: {
                required: true,
                content: {
                  'application/json': { schema: z.toJSONSchema(r.body, { io: 'input', unrepresentable: 'any' }) },
                },
              },
            }
          : {}),
        responses: {
          ...Object.fromEntries(
            Object.entries(r.responses ?? { [r.method === 'post' ? 201 : 200]: 'OK' }).map(([k, v]) => [
              k,
              // A refusal named on its own (422 not_eligible, 503 …) is a Problem like every other.
              Number(k) >= 400 ? { description: v, content: problemContent } : { description: v },
            ]),
          ),
          '4XX': { description: 'Problem Details (RFC 9457) with a machine-readable `code`', content: problemContent },
        },
      };
    }
    return {
      openapi: '3.1.0',
      info: { title: `carelink ${this.options.service}`, version: this.options.version ?? '1.0.0' },
      paths,
      components: {
        securitySchemes: { staffJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        schemas: {
          Problem: {
            type: 'object',
            required: ['type', 'title', 'status', 'code'],
            properties: {
              type: { type: 'string' },
              title: { type: 'string' },
              status: { type: 'integer' },
              detail: { type: 'string' },
              code: { type: 'string' },
              detailZh: { type: 'string' },
              errors: {
                type: 'array',
                description: 'each thing wrong: where (path, itemCode), what (code) and in words (message)',
                items: {
                  type: 'object',
                  properties: {
                    path: { type: 'string' },
                    code: { type: 'string' },
                    message: { type: 'string' },
                    itemCode: { type: 'string' },
                  },
                },
              },
              instance: { type: 'string' },
              traceId: { type: 'string' },
            },
          },
        },
      },
    };
  }
}

/** Every refusal's body: Problem Details (RFC 9457), the schema in the document's components. */
const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

export function invalidRequest(error: z.ZodError): AppError {
  const errors = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  return new AppError(
    'invalid_request',
    400,
    `the request is not valid: ${errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; ')}`,
    {
      messageZh: '提交的信息有误，请检查后重新提交',
      details: errors,
    },
  );
}

/**
 * Helmet's headers on every answer: no MIME sniffing, never framed (CSP `frame-ancestors 'none'` and
 * X-Frame-Options), no referrer, nothing loaded by an answer rendered in a browser.
 */
function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** An adapter files only for its own channel: a body naming another channel is refused (403 channel_mismatch). */
function assertOwnChannel(principal: StaffPrincipal | undefined, body: unknown): void {
  if (principal?.role !== 'channel_adapter' || !principal.channel) return;
  const named = (body as { channel?: unknown } | null)?.channel;
  if (named !== undefined && named !== principal.channel)
    throw AppError.forbidden(
      'channel_mismatch',
      `this adapter files for channel ${principal.channel}, not ${String(named)}`,
      '渠道与身份不符',
    );
}

/**
 * Throws 403 unless the caller's jurisdiction contains `code` and, for a record that carries a region, the
 * caller's token is of that region.
 */
export function assertInJurisdiction(principal: StaffPrincipal, code: string, region?: string): void {
  assertCovers(principal, code, region);
}

/**
 * The one error handler: AppError → its status; body-parser errors → 400; a busy or unreachable store →
 * 503 with Retry-After; anything else → 500 (logged).
 */
export function problemDetails(
  logger: Logger,
  isTransient: (err: unknown) => boolean = () => false,
  audit?: AuditSink,
) {
  return async (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    let e: AppError;
    if (err instanceof AppError) e = err;
    else if (err instanceof DomainError) e = AppError.fromDomain(err);
    else if (isTransient(err)) {
      logger.warn({ err, path: req.path }, 'store busy or unreachable; answered 503');
      e = storeUnavailable(err);
    } else if ((err as { type?: string }).type === 'entity.parse.failed')
      e = AppError.badRequest('malformed_json', 'the request body is not valid JSON', '提交的内容格式不正确');
    else if ((err as { type?: string }).type === 'entity.too.large')
      e = new AppError('payload_too_large', 413, 'the request body is too large', { messageZh: '提交的内容过大' });
    else {
      logger.error({ err, path: req.path }, 'unhandled error');
      e = new AppError('internal_error', 500, 'an unexpected error occurred; it has been logged', {
        messageZh: '系统繁忙，请稍后再试',
      });
    }
    // Every refusal is audited: who (or whom a readable token claimed), on which route, and why.
    const refusal = audit && refusalEntry(req, e);
    if (refusal)
      await audit!
        .record(refusal)
        .catch((auditErr: unknown) =>
          logger.error({ err: auditErr, path: req.path }, 'a refusal could not be audited'),
        );
    const traceId = trace.getActiveSpan()?.spanContext().traceId;
    if (e.options.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(e.options.retryAfterSeconds));
    res
      .status(e.status)
      .type('application/problem+json')
      .json({
        type: `urn:carelink:problem:${e.code}`,
        title: e.code.replace(/_/g, ' '),
        status: e.status,
        code: e.code,
        detail: e.message,
        ...(e.messageZh ? { detailZh: e.messageZh } : {}),
        ...(e.options.details?.length ? { errors: e.options.details } : {}),
        ...e.options.extensions,
        instance: req.originalUrl,
        ...(traceId ? { traceId } : {}),
      });
  };
}

/** Starts listening; resolves once the port is bound. */
export function listen(app: Express, port: number, host = '127.0.0.1'): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
  });
}
