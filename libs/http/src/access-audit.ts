import { trace } from '@opentelemetry/api';
import {
  fieldAccess,
  fieldsFor,
  project,
  unverifiedClaims,
  valuesAt,
  type FieldResource,
  type ResourceFields,
  type StaffPrincipal,
  type StaffRole,
} from '@carelink/auth';
import { maskResidentId } from '@carelink/contracts';
import type { Request } from 'express';
import type { AppError } from './app-error';

/**
 * A route that answers personal data names what it reads (a resource of `fieldAccess` in `@carelink/auth`):
 * its roles must all read something of it, its answer is cut to the caller's fields, and every answer is
 * audited in one entry naming the records it held. `list`: the answer's `items` are the records.
 */
export interface RouteReads {
  resource: FieldResource;
  list?: boolean;
  /** Why, when the answer says more than the route's plain read (e.g. a complaint's handler reading the reporter). */
  purpose?: (answer: never) => string | undefined;
}

/** One line of the audit trail, as the HTTP edge writes it (`AuditEntry` of `@carelink/store`). */
export interface AccessAuditEntry {
  actor: string;
  role: string;
  actorJurisdiction?: string;
  action: 'read' | 'denied';
  subjectType?: string;
  subjectId?: string;
  subjectIds?: string[];
  places?: string[];
  resource: string;
  query?: Record<string, unknown>;
  purpose?: string;
  refusal?: { status: number; code: string; detail: string };
  verified?: boolean;
  traceId?: string;
}

/** Where the HTTP edge writes audit entries (the service's `AuditTrail`). */
export interface AuditSink {
  record(entry: AccessAuditEntry): Promise<void>;
}

/** What the route being served says of itself, kept on the request for the error handler. */
export interface ServedRoute {
  /** Method and path as declared, e.g. `GET /cases/:caseId`. */
  resource: string;
  reads?: RouteReads;
  params: Record<string, string | string[]>;
}

declare module 'express-serve-static-core' {
  interface Request {
    servedRoute?: ServedRoute;
  }
}

/** Refuses to declare a route that lets in a role the field table gives nothing of what the route reads. */
export function assertRolesRead(route: string, roles: readonly StaffRole[] | undefined, reads: RouteReads): void {
  if (!roles) throw new Error(`${route} reads ${reads.resource} and must name its roles`);
  const strangers = roles.filter((role) => fieldsFor(role, reads.resource) === undefined);
  if (strangers.length > 0)
    throw new Error(
      `${route} lets in ${strangers.join(', ')}, who read nothing of ${reads.resource} (fieldAccess in @carelink/auth)`,
    );
}

const traceId = () => trace.getActiveSpan()?.spanContext().traceId;
const stringParams = (params: Record<string, string | string[]>) => Object.values(params).flat();

/** The records an answer holds: its `items` for a list, else the answer itself (none when the route sent bytes). */
function recordsOf(reads: RouteReads, answer: unknown): unknown[] {
  if (answer === undefined || typeof answer === 'function') return [];
  if (!reads.list) return [answer];
  const items = (answer as { items?: unknown }).items;
  return Array.isArray(items) ? items : [];
}

/** A value shaped like a resident ID number (GB 11643: 17 digits and a check character), whatever its key. */
const ID_NUMBER_SHAPED = /^\d{17}[\dXx]$/;

/**
 * What of a query the trail keeps: a one-time code, PIN or token never; a phone number or ID number only
 * masked (the trail is read by county staff and must not become a directory of who looked up whom), also an
 * ID number given in a free search box (`q`).
 */
export function auditableQuery(query: unknown): Record<string, unknown> | undefined {
  if (!query || typeof query !== 'object') return undefined;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
    if (/code|pin|password|secret|token/i.test(key)) continue;
    if (/phone|mobile/i.test(key)) kept[key] = String(value).replace(/\d(?=\d{4})/g, '*');
    else if (/idnumber|id_number|idcard/i.test(key) || ID_NUMBER_SHAPED.test(String(value).trim()))
      kept[key] = maskResidentId(String(value).trim());
    else kept[key] = value;
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/** The audit entry of a read: who, which records (ids and places), with which query. */
export function readEntry(
  principal: StaffPrincipal,
  served: ServedRoute,
  reads: RouteReads,
  answer: unknown,
  query: unknown,
): AccessAuditEntry {
  const table = fieldAccess[reads.resource] as ResourceFields;
  const records = recordsOf(reads, answer);
  const ids = table.id ? valuesAt(records, table.id) : [];
  const named = stringParams(served.params);
  const one = !reads.list && (ids.length === 1 ? ids[0] : named.length === 1 ? named[0] : undefined);
  const asked = auditableQuery(query);
  const trace = traceId();
  const purpose = answer === undefined || typeof answer === 'function' ? undefined : reads.purpose?.(answer as never);
  return {
    actor: principal.sub,
    role: principal.role,
    actorJurisdiction: principal.jurisdiction,
    action: 'read',
    subjectType: reads.resource,
    ...(one ? { subjectId: one } : {}),
    subjectIds: [...new Set([...ids, ...named])],
    places: table.place ? [...new Set(valuesAt(records, table.place))] : [],
    resource: served.resource,
    ...(asked ? { query: asked as Record<string, unknown> } : {}),
    ...(purpose ? { purpose } : {}),
    ...(trace ? { traceId: trace } : {}),
  };
}

/** The answer cut to the fields the caller's role reads (each of a list's `items`). */
export function projectAnswer(role: StaffRole, reads: RouteReads, answer: unknown): unknown {
  if (answer === undefined || typeof answer === 'function') return answer;
  if (!reads.list) return project(role, reads.resource, answer);
  const { items } = answer as { items?: unknown };
  if (!Array.isArray(items)) return answer;
  return { ...(answer as object), items: items.map((item) => project(role, reads.resource, item)) };
}

/**
 * The audit entry of a refusal: every 403, and a 401 whose bearer token could be read (its claims, marked
 * unverified); undefined for anything else (a 401 without a readable token says nothing of anyone).
 */
export function refusalEntry(req: Request, e: AppError): AccessAuditEntry | undefined {
  if (e.status !== 403 && e.status !== 401) return undefined;
  let caller: { sub: string; role: string; jurisdiction?: string } | undefined = req.principal;
  let verified = caller !== undefined;
  if (!caller) {
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    caller = token ? unverifiedClaims(token) : undefined;
    verified = false;
  }
  if (!caller && e.status === 401) return undefined;
  const served = req.servedRoute;
  const trace = traceId();
  return {
    actor: caller?.sub ?? 'anonymous',
    role: caller?.role ?? 'none',
    ...(caller?.jurisdiction ? { actorJurisdiction: caller.jurisdiction } : {}),
    action: 'denied',
    ...(served?.reads ? { subjectType: served.reads.resource } : {}),
    subjectIds: served ? stringParams(served.params) : [],
    resource: served?.resource ?? `${req.method} ${req.path}`,
    refusal: { status: e.status, code: e.code, detail: e.message },
    ...(verified ? {} : { verified: false }),
    ...(trace ? { traceId: trace } : {}),
  };
}
