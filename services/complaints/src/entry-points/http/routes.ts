import { complaintChannel, complaintStatus } from '@carelink/contracts';
import { assertInJurisdiction, AppError, idempotencyKeyOf, type ServiceApp } from '@carelink/http';
import type { PolicyPacks } from '@carelink/policy';
import type { AuditTrail, FieldCipher } from '@carelink/store';
import { currentTraceparent } from '@carelink/telemetry';
import type { StaffPrincipal } from '@carelink/auth';
import { z } from 'zod';
import type { CaseDirectory } from '../../data-access/case-directory';
import type { ComplaintRepository } from '../../data-access/complaint-repository';
import type { EvidenceStore } from '../../data-access/evidence-store';
import { checkEvidence, evidenceKind } from '../../domain/attach-evidence/attach-evidence';
import type { Complaint } from '../../domain/complaint';
import { transitionComplaint, transitionComplaintCommand } from '../../domain/lifecycle/transition-complaint';
import { rateComplaint, rateComplaintCommand } from '../../domain/rate-complaint/rate-complaint';
import { handleReceiveComplaint } from '../../domain/receive-complaint/handle-receive-complaint';
import { receiveComplaintCommand } from '../../domain/receive-complaint/receive-complaint';
import { chinaMonthRange, complaintStatistics } from '../../domain/statistics/complaint-statistics';
import { sendStatisticsCsv, sendStatisticsXlsx } from './statistics-export';

const READERS = ['hotline_operator', 'township_caseworker', 'county_officer'] as const;
const HANDLERS = ['hotline_operator', 'township_caseworker', 'county_officer'] as const;

export interface ComplaintsRouteDeps {
  cases: CaseDirectory;
  complaints: ComplaintRepository;
  evidence: EvidenceStore;
  policies: PolicyPacks;
  cipher: FieldCipher;
  audit: AuditTrail;
  eventsWritten: () => void;
}

/** A complaint a channel adapter (a bot, an Open311 client) filed itself, in its region. */
export function filedBy(c: Pick<Complaint, 'region' | 'receivedBy'>, principal: StaffPrincipal): boolean {
  return c.region === principal.region && c.receivedBy === principal.sub;
}

/** A complaint as staff see it: never the sealed identity. */
function complaintView({ reporterSealed, ...c }: Complaint) {
  return { ...c, hasReporter: reporterSealed !== undefined };
}

export function complaintsRoutes(app: ServiceApp, deps: ComplaintsRouteDeps): void {
  const packOf = (region: string) => {
    const pack = deps.policies.get(region);
    if (!pack) throw AppError.unprocessable('unknown_region', `region ${region} has no policy pack`, '未知地区');
    return pack;
  };

  /**
   * Staff act within their jurisdiction; a channel adapter only on the complaints it filed itself (else any
   * adapter token could walk a region's complaints by id).
   */
  const complaintInScope = async (complaintId: string, principal: StaffPrincipal) => {
    const c = await deps.complaints.get(complaintId);
    if (!c) throw AppError.notFound('complaint', '投诉');
    if (principal.role === 'channel_adapter') {
      if (!filedBy(c, principal)) throw AppError.notFound('complaint', '投诉');
    } else assertInJurisdiction(principal, c.scope);
    return c;
  };

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
      const key = idempotencyKeyOf(req);
      const outcome = await handleReceiveComplaint(
        body,
        principal,
        {
          cases: deps.cases,
          complaints: deps.complaints,
          policies: deps.policies,
          missingAttachments: (ids) => deps.evidence.missing(ids),
          seal: (plain) => deps.cipher.encrypt(plain),
          now: () => new Date(),
          traceparent: currentTraceparent,
          assertInJurisdiction: (code) => assertInJurisdiction(principal, code),
        },
        key,
      );
      deps.eventsWritten();
      const { replayed, ...answer } = outcome;
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
      "One complaint with its history; the reporter's identity only for its handler (the read is audited); a channel adapter reads the complaints it filed, to tell residents where theirs stand",
    roles: [...READERS, 'channel_adapter'],
    handle: async ({ req, principal }) => {
      const c = await complaintInScope(String(req.params.complaintId), principal);
      if (c.reporterSealed && c.handlerId === principal.sub) {
        await deps.audit.record({
          actor: principal.sub,
          role: principal.role,
          action: 'read',
          subjectType: 'complaint',
          subjectId: c.complaintId,
          purpose: 'handler reads the reporter',
        });
        return { ...complaintView(c), reporter: JSON.parse(deps.cipher.decrypt(c.reporterSealed)) as unknown };
      }
      return complaintView(c);
    },
  });

  app.route({
    method: 'get',
    path: '/complaints',
    summary:
      "Complaints within the caller's jurisdiction, newest first (?caseId=&status=&channel=); e.g. status=resolved&channel=ivr is the hotline's call-back list: tell the outcome, ask for the rating",
    roles: [...READERS],
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
      const c = await complaintInScope(String(req.params.complaintId), principal);
      // Staff assign within their jurisdiction, or up to their own county.
      const unit = body.assignee?.level === 'provider' ? undefined : body.assignee?.unit;
      if (unit && !(body.assignee!.level === 'county' && principal.jurisdiction.startsWith(unit)))
        assertInJurisdiction(principal, unit);
      const pack = packOf(c.region);
      const updated = await deps.complaints.update(c.complaintId, (current) =>
        transitionComplaint({
          complaint: current,
          command: body,
          actor: principal.sub,
          pack,
          now: new Date(),
          traceparent: currentTraceparent(),
        }),
      );
      deps.eventsWritten();
      return complaintView(updated!);
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
      const c = await complaintInScope(String(req.params.complaintId), principal);
      const updated = await deps.complaints.update(c.complaintId, (current) =>
        rateComplaint({ complaint: current, command: body, now: new Date(), traceparent: currentTraceparent() }),
      );
      deps.eventsWritten();
      res.status(200).json({ complaintId: updated!.complaintId, rating: updated!.rating });
      return undefined;
    },
  });
}
