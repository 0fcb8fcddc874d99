import { readersOf } from '@carelink/auth';
import { complaintChannel, complaintKind, complaintStatus, complaintType } from '@carelink/contracts';
import { AppError, assertInJurisdiction, idempotencyKeyOf, type ServiceApp } from '@carelink/http';
import { pageOf } from '@carelink/store';
import type { FieldCipher } from '@carelink/store';
import type { PolicyPacks } from '@carelink/policy';
import { z } from 'zod';
import type { ComplaintQuery, ComplaintRepository } from '../../data-access/complaint-repository';
import type { EvidenceStore } from '../../data-access/evidence-store';
import type { ProviderDirectory } from '../../data-access/provider-directory';
import type { Commits, Complaint } from '../../domain/complaint';
import { complaintInScope } from '../../domain/complaint-access';
import type { ComplaintChannel, ComplaintStatus } from '../../domain/complaint';
import { providerScore } from '../../domain/provider-score/provider-score';
import {
  assignedToCaller,
  byDeadline,
  complaintDeadline,
  OPEN_STATUSES,
  resolvedAtOf,
} from '../../domain/worklist/complaint-worklist';
import { sendMedia } from './recording-download';
import { decideTransition, transitionComplaintCommand } from '../../domain/lifecycle/transition-complaint';
import { rateComplaint, rateComplaintCommand } from '../../domain/rate-complaint/rate-complaint';
import { receiveComplaintCommand } from '../../domain/receive-complaint/receive-complaint';
import { chinaMonthRange, complaintStatistics } from '../../domain/statistics/complaint-statistics';
import { checkEvidence, evidenceKind } from './evidence-upload';
import type { receiveWith } from './receive';
import { sendStatisticsCsv, sendStatisticsXlsx } from './statistics-export';

const HANDLERS = ['hotline_operator', 'township_caseworker', 'county_officer'] as const;
/** Channels a resident complains through by phone: the hotline calls them back. */
const PHONE_CHANNELS: string[] = ['hotline', 'ivr'];

export interface ComplaintsRouteDeps {
  /** Complaints as queries read them. */
  complaints: ComplaintRepository;
  /** Complaints as use cases change them. */
  commits: Commits<Complaint>;
  /** ReceiveComplaint, for the staff API and Open311 alike. */
  receive: ReturnType<typeof receiveWith>;
  evidence: EvidenceStore;
  cipher: FieldCipher;
  /** The regions' packs: the names of townships beside their codes. */
  policies: Pick<PolicyPacks, 'get'>;
  /** The providers' names beside their ids (learnt from their contracts). */
  providers: Pick<ProviderDirectory, 'namesIn'>;
}

/** A complaint as staff see it: never the sealed identity. */
function complaintView({ reporterSealed, ...c }: Complaint) {
  return { ...c, hasReporter: reporterSealed !== undefined };
}

/**
 * A complaint as a list shows it: as staff see it, with the time limit it runs against now (a countdown) and when
 * it was last resolved.
 */
function complaintRow(c: Complaint, now: Date, deadline = complaintDeadline(c, now)) {
  const resolvedAt = resolvedAtOf(c);
  return { ...complaintView(c), ...(deadline ? { due: deadline } : {}), ...(resolvedAt ? { resolvedAt } : {}) };
}

const day = z.string().date('a day, YYYY-MM-DD');
const CHINA_OFFSET_MS = 8 * 3600_000;
/** The instant a China calendar day (YYYY-MM-DD) starts. */
const chinaDayStart = (d: string) => new Date(Date.parse(`${d}T00:00:00.000Z`) - CHINA_OFFSET_MS);
const COMPLAINT_NUMBER = /^TS-\d{8}-\d{4,}$/i;
const CASE_NUMBER = /^[A-Z]{1,4}\d{6}-\d{4}-\d{6}$/i;

/**
 * Several of `values`, comma-separated (`status=a,b`) or repeated (`status=a&status=b`), kept as the comma
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
const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a search box holds: a complaint number, its tail (the day's sequence, `-0007` or `7`), or a case number. */
function searchOf(q: string): Pick<ComplaintQuery, 'complaintNumber' | 'complaintSerial' | 'caseNumber'> {
  if (COMPLAINT_NUMBER.test(q)) return { complaintNumber: q.toUpperCase() };
  if (/^-?\d{1,6}$/.test(q)) return { complaintSerial: Number(q.replace('-', '')) };
  if (CASE_NUMBER.test(q)) return { caseNumber: q.toUpperCase() };
  throw AppError.badRequest(
    'unknown_search',
    'search by a complaint number (TS-20261125-0007), its tail (0007) or a case number',
    '请输入投诉编号或案件编号',
  );
}

export function complaintsRoutes(app: ServiceApp, deps: ComplaintsRouteDeps): void {
  app.route({
    method: 'post',
    path: '/complaints',
    summary:
      'Receive a complaint or consultation (投诉/咨询) about a case, provider, worker or township, numbered TS-YYYYMMDD-NNNN',
    roles: ['hotline_operator', 'township_caseworker', 'county_officer', 'channel_adapter'],
    body: receiveComplaintCommand,
    responses: {
      201: 'received: complaint number and acknowledgement',
      200: 'replayed: the complaint an earlier submission with the same Idempotency-Key made',
      422: 'the case is not known (yet)',
    },
    handle: async ({ req, res, body, principal }) => {
      const { replayed, ...answer } = await deps.receive(body, principal, idempotencyKeyOf(req));
      res.status(replayed ? 200 : 201).json(answer);
      return undefined;
    },
  });

  app.route({
    method: 'post',
    path: '/attachments',
    summary:
      'Upload a complaint attachment before filing (raw body; ?kind=voice_note|photo|document): ogg/opus, mp3, amr, wav, jpeg, png, pdf',
    roles: ['hotline_operator', 'township_caseworker', 'county_officer', 'channel_adapter'],
    rawBodyLimit: '10mb',
    query: z.object({ kind: evidenceKind.default('voice_note') }),
    handle: async ({ req, query, principal }) => {
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const contentType = checkEvidence(query.kind, req.headers['content-type'], bytes);
      const info = await deps.evidence.save(query.kind, contentType, bytes, principal.sub);
      return { attachmentId: info.attachmentId, kind: info.kind, contentType, size: info.size };
    },
  });

  app.route({
    method: 'get',
    path: '/statistics',
    summary:
      'Complaints of a month per township, provider or type (?month=YYYY-MM&by=&format=json|csv|xlsx): each row its code (key) and name (the township’s from the region’s pack; the provider’s on its latest contract, （名称未知） for an id no contract names; the type’s)',
    roles: ['hotline_operator', 'county_officer', 'township_caseworker'],
    query: z.object({
      month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
      by: z.enum(['township', 'provider', 'type']).default('township'),
      format: z.enum(['json', 'csv', 'xlsx']).default('json'),
    }),
    handle: async ({ query, principal, res }) => {
      const { from, to } = chinaMonthRange(query.month);
      const rows = complaintStatistics(
        await deps.complaints.receivedBetween(principal.jurisdiction, from, to),
        query.by,
        deps.policies.get(principal.region),
        query.by === 'provider' ? await deps.providers.namesIn(principal.region) : undefined,
      );
      const filename = `complaints-${query.month}-${query.by}`;
      if (query.format === 'csv') return void sendStatisticsCsv(res, rows, filename);
      if (query.format === 'xlsx') return void (await sendStatisticsXlsx(res, rows, filename));
      return { month: query.month, by: query.by, rows };
    },
  });

  app.route({
    method: 'get',
    path: '/complaints/:complaintId',
    summary:
      "One complaint (by its id or its number, TS-20261125-0007) with its history; the reporter's identity only for its handler (a hotline operator reads the phone of whoever complained by phone, to call back); a channel adapter reads the complaints it filed, to tell residents where theirs stand (every read is audited)",
    roles: readersOf('complaint'),
    reads: {
      resource: 'complaint',
      purpose: (answer: { reporter?: Record<string, unknown> }) =>
        !answer.reporter
          ? undefined
          : Object.keys(answer.reporter).join() === 'phone'
            ? 'call back'
            : 'handler reads the reporter',
    },
    handle: async ({ req, principal }) => {
      const c = complaintInScope(await deps.complaints.getByIdOrNumber(String(req.params.complaintId)), principal);
      if (c.reporterSealed && c.handlerId === principal.sub)
        return { ...complaintView(c), reporter: JSON.parse(deps.cipher.decrypt(c.reporterSealed)) as unknown };
      // The hotline calls back whoever complained by phone (the outcome, the rating): their number, nothing else.
      if (c.reporterSealed && principal.role === 'hotline_operator' && PHONE_CHANNELS.includes(c.channel)) {
        const { phone } = JSON.parse(deps.cipher.decrypt(c.reporterSealed)) as { phone?: string };
        if (phone) return { ...complaintView(c), reporter: { phone } };
      }
      return complaintView(c);
    },
  });

  app.route({
    method: 'get',
    path: '/complaints',
    summary:
      "Complaints within the caller's jurisdiction, newest first, each with the time limit it runs against now (due: acknowledge while received, else resolve; overdue), with the fields the caller's role reads. Filters: caseId= (a case id or case number), status= and channel= (comma lists; e.g. channel=hotline,ivr&status=received: phone complaints awaiting contact; status=resolved&channel=ivr: tell the outcome, ask for the rating), type= (comma list), kind=, township= (a county or township: scoped within it), providerId=, escalated=true|false, from=/to= (days, China time, on receivedAt), q= (a complaint number, its tail, or a case number), assigned=mine (assigned to the caller's township or county; a hotline operator: handled by them; open ones unless status= says otherwise), overdue=true|false; sort=received (default) or deadline (soonest first; the default with assigned=mine). With page= and/or pageSize= (default 20, at most 100) the answer gives total (up to 200; totalCapped beyond); else limit= (default 500). Rows add resolvedAt. Audited: one entry naming the complaints returned",
    roles: readersOf('complaint').filter((role) => role !== 'channel_adapter'),
    reads: { resource: 'complaint', list: true },
    query: z.object({
      caseId: z.string().trim().min(1).max(100).optional(),
      q: z.string().trim().min(1).max(40).optional(),
      kind: complaintKind.optional(),
      status: listOf(complaintStatus.options).optional(),
      channel: listOf(complaintChannel.options.flatMap((o) => ('options' in o ? o.options : []))).optional(),
      type: listOf(complaintType.options).optional(),
      township: z
        .string()
        .regex(/^\d{6}(\d{3})?$/, 'a county (6 digits) or township (9 digits) code')
        .optional(),
      providerId: z.string().trim().min(1).max(100).optional(),
      escalated: z.enum(['true', 'false']).optional(),
      from: day.optional(),
      to: day.optional(),
      assigned: z.literal('mine').optional(),
      overdue: z.enum(['true', 'false']).optional(),
      sort: z.enum(['received', 'deadline']).optional(),
      page: z.coerce.number().int().min(1).max(1000).optional(),
      pageSize: z.coerce.number().int().min(1).max(100).optional(),
      limit: z.coerce.number().int().min(1).max(500).optional(),
    }),
    handle: async ({ query, principal }) => {
      const now = new Date();
      const paged = query.page !== undefined || query.pageSize !== undefined;
      const page = paged ? (query.page ?? 1) : 1;
      const pageSize = paged ? (query.pageSize ?? 20) : (query.limit ?? 500);
      const asked = query.status ? (split(query.status) as ComplaintStatus[]) : undefined;
      // "Assigned to me" means the open ones unless the caller names the states.
      const statuses = asked ?? (query.assigned ? OPEN_STATUSES : undefined);
      if (query.township) assertInJurisdiction(principal, query.township);
      const from = query.from ? chinaDayStart(query.from) : undefined;
      const to = query.to ? new Date(chinaDayStart(query.to).getTime() + 86_400_000) : undefined;
      if (from && to && from >= to)
        throw AppError.badRequest(
          'invalid_range',
          `from ${query.from} is after to ${query.to}`,
          '开始日期不能晚于结束日期',
        );
      const filter: ComplaintQuery = {
        ...(query.caseId ? (CASE_ID.test(query.caseId) ? { caseId: query.caseId } : { caseNumber: query.caseId }) : {}),
        ...(query.q ? searchOf(query.q) : {}),
        ...(query.kind ? { kind: query.kind } : {}),
        ...(statuses ? { statuses } : {}),
        ...(query.channel ? { channels: split(query.channel) as ComplaintChannel[] } : {}),
        ...(query.type ? { types: split(query.type) } : {}),
        ...(query.township ? { place: query.township } : {}),
        ...(query.providerId ? { providerId: query.providerId } : {}),
        ...(query.escalated ? { escalated: query.escalated === 'true' } : {}),
        ...(query.assigned ? { assigned: assignedToCaller(principal) } : {}),
        ...(from || to
          ? { received: { ...(from ? { from: from.toISOString() } : {}), ...(to ? { to: to.toISOString() } : {}) } }
          : {}),
      };
      const open = (statuses ?? OPEN_STATUSES).filter((s) => OPEN_STATUSES.includes(s));
      const soonestFirst = query.sort === 'deadline' || (query.sort === undefined && !!query.assigned);
      if (query.overdue || (soonestFirst && open.length > 0)) {
        // The complaints still being dealt with: the open work, read whole and sorted by its time limit.
        const found = await deps.complaints.open(principal.jurisdiction, { ...filter, statuses: open });
        const sorted = byDeadline(
          found.map((complaint) => ({ complaint, deadline: complaintDeadline(complaint, now) })),
          query.overdue ? { overdue: query.overdue === 'true' } : {},
        );
        if (!soonestFirst) sorted.sort((a, b) => b.complaint.receivedAt.localeCompare(a.complaint.receivedAt));
        const one = pageOf(sorted, page, pageSize);
        const items = one.items.map(({ complaint, deadline }) => complaintRow(complaint, now, deadline));
        return paged ? { ...one, items } : { items };
      }
      if (!paged)
        return {
          items: (await deps.complaints.newest(principal.jurisdiction, filter, pageSize)).map((c) =>
            complaintRow(c, now),
          ),
        };
      const found = await deps.complaints.page(principal.jurisdiction, filter, page, pageSize);
      return { ...found, items: found.items.map((c) => complaintRow(c, now)) };
    },
  });

  app.route({
    method: 'get',
    path: '/complaints/:complaintId/attachments/:attachmentId',
    summary:
      "A complaint's attachment (a recorded complaint, a photo, a document), of the type sniffed at upload, to play or show in the page; one byte range at a time for an audio element (Range → 206); the read is audited",
    roles: readersOf('complaint_evidence'),
    reads: { resource: 'complaint_evidence' },
    handle: async ({ req, res, principal }) => {
      const c = complaintInScope(await deps.complaints.getByIdOrNumber(String(req.params.complaintId)), principal);
      const attachmentId = String(req.params.attachmentId);
      const file = c.attachmentIds.includes(attachmentId) ? await deps.evidence.read(attachmentId) : null;
      if (!file) throw AppError.notFound('attachment', '附件');
      // Sent once the read is audited.
      return () => sendMedia(req, res, { ...file, name: `${c.complaintNumber}-${attachmentId}` });
    },
  });

  app.route({
    method: 'get',
    path: '/provider-scores',
    summary:
      "The providers of the caller's region that complaints have facts about, with the score referral ranks them by (100 with no ratings, else the average rating × 20, minus 10 per upheld complaint), the ratings' count and average, and the upheld complaints; best first. A provider without a record scores 100",
    roles: ['county_officer', 'township_caseworker', 'hotline_operator'],
    handle: async ({ principal }) => ({
      region: principal.region,
      items: (await deps.complaints.providerScores(principal.region))
        .map((record) => ({ providerId: record.providerId, ...providerScore(record) }))
        .sort((a, b) => b.score - a.score || a.providerId.localeCompare(b.providerId)),
    }),
  });

  app.route({
    method: 'post',
    path: '/complaints/:complaintId/transitions',
    summary:
      'Move a complaint on (acknowledged, assigned to township/county/provider, investigating, resolved with outcome, closed, reopened), saying why',
    roles: [...HANDLERS],
    body: transitionComplaintCommand,
    responses: { 201: 'the complaint as it is now', 409: 'not a next status' },
    handle: async ({ req, body, principal }) => {
      const transitioned = await deps.commits.commit(String(req.params.complaintId), (current, ctx) =>
        decideTransition(current, { transition: body, principal }, ctx),
      );
      return complaintView(transitioned);
    },
  });

  app.route({
    method: 'post',
    path: '/complaints/:complaintId/rating',
    summary: "The resident's rating (1–5) of a resolved complaint, once",
    roles: ['channel_adapter', 'hotline_operator'],
    body: rateComplaintCommand,
    responses: { 200: 'rated', 409: 'not resolved yet, or rated already' },
    handle: async ({ req, res, body, principal }) => {
      const rated = await deps.commits.commit(String(req.params.complaintId), (current, ctx) =>
        rateComplaint(current, { rating: body, principal }, ctx),
      );
      res.status(200).json({ complaintId: rated.complaintId, rating: rated.rating });
      return undefined;
    },
  });
}
