import { readersOf } from '@carelink/auth';
import { complaintChannel, complaintStatus } from '@carelink/contracts';
import { idempotencyKeyOf, type ServiceApp } from '@carelink/http';
import type { FieldCipher } from '@carelink/store';
import { z } from 'zod';
import type { ComplaintRepository } from '../../data-access/complaint-repository';
import type { EvidenceStore } from '../../data-access/evidence-store';
import type { Commits, Complaint } from '../../domain/complaint';
import { complaintInScope } from '../../domain/complaint-access';
import { decideTransition, transitionComplaintCommand } from '../../domain/lifecycle/transition-complaint';
import { rateComplaint, rateComplaintCommand } from '../../domain/rate-complaint/rate-complaint';
import { receiveComplaintCommand } from '../../domain/receive-complaint/receive-complaint';
import { chinaMonthRange, complaintStatistics } from '../../domain/statistics/complaint-statistics';
import { checkEvidence, evidenceKind } from './evidence-upload';
import type { receiveWith } from './receive';
import { sendStatisticsCsv, sendStatisticsXlsx } from './statistics-export';

const HANDLERS = ['hotline_operator', 'township_caseworker', 'county_officer'] as const;

export interface ComplaintsRouteDeps {
  /** Complaints as queries read them. */
  complaints: ComplaintRepository;
  /** Complaints as use cases change them. */
  commits: Commits<Complaint>;
  /** ReceiveComplaint, for the staff API and Open311 alike. */
  receive: ReturnType<typeof receiveWith>;
  evidence: EvidenceStore;
  cipher: FieldCipher;
}

/** A complaint as staff see it: never the sealed identity. */
function complaintView({ reporterSealed, ...c }: Complaint) {
  return { ...c, hasReporter: reporterSealed !== undefined };
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
    summary: 'Complaints of a month per township, provider or type (?month=YYYY-MM&by=&format=json|csv|xlsx)',
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
      "One complaint with its history; the reporter's identity only for its handler; a channel adapter reads the complaints it filed, to tell residents where theirs stand (every read is audited)",
    roles: readersOf('complaint'),
    reads: {
      resource: 'complaint',
      purpose: (answer: { reporter?: unknown }) => (answer.reporter ? 'handler reads the reporter' : undefined),
    },
    handle: async ({ req, principal }) => {
      const c = complaintInScope(await deps.complaints.get(String(req.params.complaintId)), principal);
      if (c.reporterSealed && c.handlerId === principal.sub)
        return { ...complaintView(c), reporter: JSON.parse(deps.cipher.decrypt(c.reporterSealed)) as unknown };
      return complaintView(c);
    },
  });

  app.route({
    method: 'get',
    path: '/complaints',
    summary:
      "Complaints within the caller's jurisdiction, newest first (?caseId=&status=&channel=); e.g. status=resolved&channel=ivr is the hotline's call-back list: tell the outcome, ask for the rating (audited: one entry naming the complaints returned)",
    roles: readersOf('complaint').filter((role) => role !== 'channel_adapter'),
    reads: { resource: 'complaint', list: true },
    query: z.object({
      caseId: z.string().uuid().optional(),
      status: complaintStatus.optional(),
      channel: complaintChannel.optional(),
      limit: z.coerce.number().int().min(1).max(500).optional(),
    }),
    handle: async ({ query, principal }) => ({
      items: (await deps.complaints.listWithin(principal.jurisdiction, query)).map(complaintView),
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
