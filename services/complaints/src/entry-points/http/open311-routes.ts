import { covers, type StaffPrincipal } from '@carelink/auth';
import { DomainError } from '@carelink/contracts';
import { AppError, idempotencyKeyOf, type ServiceApp } from '@carelink/http';
import express, { type ErrorRequestHandler } from 'express';
import { filedBy } from '../../domain/complaint-access';
import {
  collectAttributes,
  OPEN311_ATTRIBUTES,
  OPEN311_SERVICES,
  open311ListQuery,
  open311RequestBody,
  open311Search,
  open311ToCommand,
  toServiceRequest,
} from '../../domain/open311/georeport';
import { receiveComplaintCommand } from '../../domain/receive-complaint/receive-complaint';
import type { ComplaintsRouteDeps } from './routes';

const BASE = '/open311/v2';
const SYSTEMS = ['channel_adapter', 'hotline_operator'] as const;

/**
 * Open311 GeoReport v2 (JSON) for a city 12345 hotline or another system: discovery, services, service
 * definitions, POST/GET requests. Callers authenticate with a service bearer token (role
 * channel_adapter); requests are scoped to the token's region. Bodies may be JSON or form-encoded.
 */
export function open311Routes(app: ServiceApp, deps: Pick<ComplaintsRouteDeps, 'complaints' | 'receive'>): void {
  app.express.use(BASE, express.urlencoded({ extended: false, limit: '100kb' }));

  app.route({
    method: 'get',
    path: `${BASE}/discovery.json`,
    summary: 'Open311 discovery: the endpoint and its capabilities',
    handle: async ({ req }) => ({
      changeset: '2026-11-25T00:00:00Z',
      contact: '12345 政务服务便民热线 / carelink complaints',
      key_service: 'service bearer token (role channel_adapter) from the county civil affairs bureau',
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: `${req.protocol}://${req.get('host')}${BASE}`,
          changeset: '2026-11-25T00:00:00Z',
          type: 'production',
          formats: ['application/json'],
        },
      ],
    }),
  });

  app.route({
    method: 'get',
    path: `${BASE}/services.json`,
    summary: 'Open311 services: one per complaint type',
    handle: async () => OPEN311_SERVICES,
  });

  app.route({
    method: 'get',
    path: `${BASE}/services/:serviceCode.json`,
    summary: 'Open311 service definition: the attributes saying what a complaint is about',
    handle: async ({ req }) => {
      const code = String(req.params.serviceCode);
      if (!OPEN311_SERVICES.some((s) => s.service_code === code)) throw AppError.notFound('service', '服务类型');
      return { service_code: code, attributes: OPEN311_ATTRIBUTES };
    },
  });

  app.route({
    method: 'post',
    path: `${BASE}/requests.json`,
    summary:
      'Open311: file a complaint (service_code, description, a location; attribute[case_number|provider_id]); an Idempotency-Key header makes a retry return the first one',
    roles: [...SYSTEMS],
    body: open311RequestBody,
    handle: async ({ req, body, principal, res }) => {
      const key = idempotencyKeyOf(req);
      const parsed = receiveComplaintCommand.safeParse(
        open311ToCommand(principal.region, body, collectAttributes(req.body as Record<string, unknown>)),
      );
      if (!parsed.success)
        throw AppError.badRequest(
          'invalid_request',
          parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; '),
          '请求内容有误，请核对后再提交',
        );
      const outcome = await deps.receive(parsed.data, principal, key);
      res
        .status(outcome.replayed ? 200 : 201)
        .json([
          { service_request_id: outcome.complaintNumber, service_notice: outcome.acknowledgement.zh, account_id: null },
        ]);
      return undefined;
    },
  });

  /** A system follows the complaints it filed; a hotline operator those within their jurisdiction. */
  const oneRequest = async (number: string, principal: StaffPrincipal) => {
    const c = await deps.complaints.getByNumber(number);
    if (!c || c.region !== principal.region) return null;
    const own = filedBy(c, principal);
    const visible = principal.role === 'channel_adapter' ? own : covers(principal, c.scope, c.region);
    return visible ? toServiceRequest(c, { ownFiling: own }) : null;
  };

  app.route({
    method: 'get',
    path: `${BASE}/requests.json`,
    summary:
      'Open311 GET service requests: by service_request_id (comma-separated complaint numbers; overrides the rest), else a list newest first: service_code and status (open, closed; comma lists), start_date/end_date (w3 datetimes on requested_datetime; at most 90 days apart; without them the last 90 days), page and page_size (at most 1000, the default; a Link rel="next" header when there is more). Other arguments (jurisdiction_id, lat/long) are ignored. A system lists the complaints it filed, a hotline operator those within their jurisdiction; no reporter, and the description and status notes only to the system that filed the complaint',
    roles: [...SYSTEMS],
    query: open311ListQuery,
    handle: async ({ req, res, query, principal }) => {
      if (query.service_request_id) {
        const numbers = query.service_request_id
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .slice(0, 100);
        const found = await Promise.all(numbers.map((n) => oneRequest(n, principal)));
        return found.filter((r) => r !== null);
      }
      const search = open311Search(query, new Date());
      const found = await deps.complaints.page(
        principal.jurisdiction,
        {
          received: search.received,
          ...(search.types ? { types: search.types } : {}),
          ...(search.statuses ? { statuses: search.statuses } : {}),
          ...(principal.role === 'channel_adapter' ? { receivedBy: principal.sub } : {}),
        },
        query.page,
        query.page_size,
      );
      if (found.totalCapped || found.total > query.page * query.page_size) {
        const next = new URLSearchParams(req.query as Record<string, string>);
        next.set('page', String(query.page + 1));
        res.setHeader('link', `<${req.protocol}://${req.get('host')}${BASE}/requests.json?${next}>; rel="next"`);
      }
      return found.items
        .filter((c) => c.region === principal.region)
        .map((c) => toServiceRequest(c, { ownFiling: filedBy(c, principal) }));
    },
  });

  app.route({
    method: 'get',
    path: `${BASE}/requests/:serviceRequestId.json`,
    summary: 'Open311: one complaint by its number',
    roles: [...SYSTEMS],
    handle: async ({ req, principal }) => {
      const r = await oneRequest(String(req.params.serviceRequestId), principal);
      if (!r) throw AppError.notFound('service request', '投诉');
      return [r];
    },
  });

  // GeoReport errors are a list of { code, description } (not RFC 9457 problems) under the Open311 base; a
  // domain refusal is answered as the problem handler would (same status and message).
  const open311Errors: ErrorRequestHandler = (thrown, _req, res, next) => {
    const err = thrown instanceof DomainError ? AppError.fromDomain(thrown) : thrown;
    if (!(err instanceof AppError)) return next(err);
    const description = err.messageZh ? `${err.message} (${err.messageZh})` : err.message;
    res.status(err.status).json([{ code: err.status, description }]);
  };
  app.express.use(BASE, open311Errors);
}
