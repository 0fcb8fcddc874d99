import type { ServiceApp } from '@carelink/http';
import type { AuditTrail } from '@carelink/store';
import { z } from 'zod';

const DAY_MS = 24 * 3600 * 1000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A day (`2026-11-30`, that day in UTC) or an instant (`2026-11-30T08:00:00+08:00`). */
const dayOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

const auditQuery = z.object({
  subjectType: z
    .string()
    .regex(/^[a-z_]{1,32}$/, 'subjectType is a resource name such as case or person')
    .optional(),
  subjectId: z.string().min(1).max(100).optional(),
  actor: z.string().min(1).max(100).optional(),
  action: z.enum(['read', 'create', 'update', 'export', 'denied']).optional(),
  /** From this day or instant on. */
  from: dayOrInstant.optional(),
  /** Up to this day (included) or instant (excluded). */
  to: dayOrInstant.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/**
 * `GET /audit-trail` on every service: the county reads who read or changed which records of its
 * jurisdiction, and every refused request, in that service's trail. County officers only; the read is itself
 * audited (the route reads `audit_trail`).
 */
export function auditTrailRoute(app: ServiceApp, trail: AuditTrail): void {
  app.route({
    method: 'get',
    path: '/audit-trail',
    summary:
      "The audit trail of the caller's jurisdiction, newest first: who (role) read or changed which records, and every refused request with why (?subjectType=&subjectId=&actor=&action=&from=&to=; county officers; audited)",
    roles: ['county_officer'],
    reads: { resource: 'audit_trail', list: true },
    query: auditQuery,
    handle: async ({ query, principal }) => {
      const { from, to, ...filters } = query;
      return {
        items: await trail.within(principal.jurisdiction, {
          ...filters,
          ...(from ? { from: new Date(from) } : {}),
          ...(to ? { to: DATE_ONLY.test(to) ? new Date(Date.parse(to) + DAY_MS) : new Date(to) } : {}),
        }),
      };
    },
  });
}
