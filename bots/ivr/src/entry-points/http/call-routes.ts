import { readersOf } from '@carelink/auth';
import { freeText } from '@carelink/contracts';
import { AppError, type ServiceApp } from '@carelink/http';
import { pageOf, type AuditEntry } from '@carelink/store';
import { z } from 'zod';
import type { CallQuery, CallRecords } from '../../data-access/call-records';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day, YYYY-MM-DD');
const OUTCOMES = ['applied', 'complained', 'status_read', 'operator', 'abandoned', 'in_progress'] as const;
const CHINA_OFFSET_MS = 8 * 3600_000;
/** The instant a China calendar day starts. */
const chinaDayStart = (d: string) => new Date(Date.parse(`${d}T00:00:00.000Z`) - CHINA_OFFSET_MS);
const today = () => new Date(Date.now() + CHINA_OFFSET_MS).toISOString().slice(0, 10);

/**
 * Several of `values`, comma-separated (`outcome=a,b`) or repeated (`outcome=a&outcome=b`), kept as the comma
 * text (as the audit trail records the query); `split` gives the list.
 */
const listOf = (values: readonly string[]) =>
  z.preprocess(
    (v) => (Array.isArray(v) ? v.join(',') : v),
    z.string().refine((s) => s.split(',').every((v) => values.includes(v.trim())), {
      message: `one or more of ${values.join(', ')}, comma-separated`,
    }),
  );
const split = (list: string) =>
  list
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * The hotline's call records (IVR calls: who, when, the path through the menu, the outcome, the recording left)
 * and its call-back list, for hotline operators and the county (staff bearer tokens). The calling number is read
 * only by the hotline, which calls back (`call` in libs/auth); every read is audited.
 */
export function callRecordRoutes(
  app: ServiceApp,
  deps: { records: CallRecords; audit: { record(entry: AuditEntry): Promise<void> }; now?: () => Date },
): void {
  const now = deps.now ?? (() => new Date());

  app.route({
    method: 'get',
    path: '/calls',
    summary:
      "The region's IVR calls over days (from=&to=, China time, to inclusive; since= as from; default today), newest first, with counts per outcome (of every call of the days, at most 5,000) and the fields the caller's role reads (the calling number: hotline operators only). Filters: outcome= (comma list: applied, complained, status_read, operator, abandoned, in_progress), callBack=pending|done, caller= (the number's last 4 digits), q= (a case or complaint number the call made). Each call: durationSeconds once ended, and recording (the service keeping the caller's recording, and its ids) to play it. With page= and/or pageSize= (default 20, at most 100) a page of them with total; audited",
    roles: readersOf('call'),
    reads: { resource: 'call', list: true },
    query: z.object({
      since: day.optional(),
      from: day.optional(),
      to: day.optional(),
      outcome: listOf(OUTCOMES).optional(),
      callBack: z.enum(['pending', 'done']).optional(),
      caller: z
        .string()
        .regex(/^\d{4}$/, "the calling number's last 4 digits")
        .optional(),
      q: z.string().trim().min(1).max(40).optional(),
      page: z.coerce.number().int().min(1).max(1000).optional(),
      pageSize: z.coerce.number().int().min(1).max(100).optional(),
    }),
    handle: async ({ query, principal }) => {
      const first = query.from ?? query.since ?? today();
      const from = chinaDayStart(first);
      const to = query.to ? new Date(chinaDayStart(query.to).getTime() + 86_400_000) : undefined;
      if (to && to <= from)
        throw AppError.badRequest('invalid_range', `from ${first} is after to ${query.to}`, '开始日期不能晚于结束日期');
      const calls = await deps.records.between(principal.region, from.toISOString(), to?.toISOString());
      const outcomes: Record<string, number> = {};
      for (const c of calls) outcomes[c.outcome ?? 'in_progress'] = (outcomes[c.outcome ?? 'in_progress'] ?? 0) + 1;
      const filter: CallQuery = {
        ...(query.outcome ? { outcomes: split(query.outcome) as CallQuery['outcomes'] } : {}),
        ...(query.callBack ? { callBack: query.callBack } : {}),
      };
      const chosen = calls.filter(
        (c) =>
          (!filter.outcomes || filter.outcomes.includes(c.outcome ?? 'in_progress')) &&
          (!filter.callBack || c.callBack?.state === filter.callBack) &&
          (!query.caller || c.callerMasked.endsWith(query.caller)) &&
          (!query.q || [c.caseNumber, c.complaintNumber].some((n) => n?.toUpperCase() === query.q!.toUpperCase())),
      );
      const range = {
        ...(query.since ? { since: query.since } : {}),
        from: first,
        ...(query.to ? { to: query.to } : {}),
      };
      if (query.page === undefined && query.pageSize === undefined)
        return { ...range, total: chosen.length, outcomes, items: chosen };
      return { ...range, outcomes, ...pageOf(chosen, query.page ?? 1, query.pageSize ?? 20) };
    },
  });

  app.route({
    method: 'get',
    path: '/call-backs',
    summary:
      "The hotline's call-back list (回访): callers the IVR could not serve — hung up, asked for an operator, left no recording, or a service failed while their request or complaint was being made — newest first, pending (still to call, default) or done, a page at a time (page=, pageSize= default 20) with total, each with its reason and attempts; the calling number for hotline operators only; audited. Phone complaints awaiting contact are complaints' GET /complaints?channel=hotline,ivr&status=received",
    roles: readersOf('call'),
    reads: { resource: 'call', list: true, purpose: () => 'call back' },
    query: z.object({
      state: z.enum(['pending', 'done']).default('pending'),
      page: z.coerce.number().int().min(1).max(1000).default(1),
      pageSize: z.coerce.number().int().min(1).max(100).default(20),
    }),
    handle: async ({ query, principal }) =>
      deps.records.callBacks(principal.region, query.state, query.page, query.pageSize),
  });

  app.route({
    method: 'post',
    path: '/calls/:callSid/call-back',
    summary:
      'A hotline operator called the caller back: who and when are recorded, with whether they were reached (then the call-back is done) and a note',
    roles: ['hotline_operator'],
    body: z.object({ reached: z.boolean(), note: freeText().trim().min(1).max(500).optional() }),
    responses: { 201: 'the call-back as it is now', 404: 'no such call in your region', 409: 'no_call_back' },
    handle: async ({ req, body, principal }) => {
      const callSid = String(req.params.callSid);
      const at = now().toISOString();
      const outcome = await deps.records.recordCallBack(callSid, principal.region, {
        by: principal.sub,
        at,
        reached: body.reached,
        ...(body.note ? { note: body.note } : {}),
      });
      if (outcome === 'not_found') throw AppError.notFound('call', '来电记录');
      if (outcome === 'not_needed')
        throw AppError.conflict('no_call_back', 'this call needs no call back', '该来电无需回访');
      await deps.audit.record({
        actor: principal.sub,
        role: principal.role,
        actorJurisdiction: principal.jurisdiction,
        action: 'update',
        subjectType: 'call',
        subjectId: callSid,
        purpose: body.reached ? 'called back: reached' : 'called back: not reached',
      });
      return { callSid, callBack: outcome.callBack };
    },
  });
}
