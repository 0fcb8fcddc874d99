import { covers, type StaffPrincipal } from '@carelink/auth';
import { AppError, assertInJurisdiction, type ServiceApp } from '@carelink/http';
import type { PolicyPacks } from '@carelink/policy';
import type { Page } from '@carelink/store';
import type { Request } from 'express';
import { z } from 'zod';
import type { FileQuery } from '../../data-access/person-file-repository';
import type { CaseState } from '../../domain/case';
import type { CaseRecord, ComplaintRecord } from '../../domain/person-file/case-record';
import {
  assembleFile,
  decideEvaluation,
  recordEvaluationCommand,
  type Evaluation,
  type FileView,
  type PersonFile,
} from '../../domain/person-file/person-file';
import type { AssessmentContext } from '../../domain/use-case';
import type { Decision } from '@carelink/contracts';
import { assertFontInstalled, filePdf, sendFileZip, type FetchedAttachment, type FileFont } from './person-file-export';

/** What the file routes are given. */
export interface PersonFileRouteDeps {
  files: {
    byServiceNumber(serviceNumber: string): Promise<PersonFile | null>;
    page(query: FileQuery, page: number, pageSize: number): Promise<Page<PersonFile>>;
    recordsOf(caseIds: string[]): Promise<CaseRecord[]>;
    complaintsOf(caseIds: string[]): Promise<ComplaintRecord[]>;
    commit<R>(
      personId: string,
      decide: (current: PersonFile | undefined, ctx: AssessmentContext) => Decision<PersonFile, R>,
    ): Promise<R>;
  };
  cases: { ofPerson(personId: string): Promise<CaseState[]> };
  policies: PolicyPacks;
  /** Reads an attachment from intake with the caller's own token (intake checks and audits the read). */
  attachments: (attachmentId: string, authorization: string) => Promise<{ bytes: Buffer; contentType: string }>;
  font: FileFont;
}

const serviceNumberParam = z.string().regex(/^[A-Z0-9-]{4,40}$/);

/** The file the path names, when the caller may read it: else 404, as if there were none (numbers are not probed). */
async function fileInScope(
  req: Request,
  principal: Pick<StaffPrincipal, 'jurisdiction' | 'region'>,
  deps: PersonFileRouteDeps,
): Promise<PersonFile> {
  const number = serviceNumberParam.safeParse(String(req.params.serviceNumber));
  const file = number.success ? await deps.files.byServiceNumber(number.data) : null;
  if (!file || !covers(principal, file.township, file.region)) throw AppError.notFound('file', '档案');
  return file;
}

async function viewOf(file: PersonFile, deps: PersonFileRouteDeps): Promise<FileView> {
  const cases = await deps.cases.ofPerson(file.personId);
  const ids = cases.map((c) => c.caseId);
  const [records, complaints] = await Promise.all([deps.files.recordsOf(ids), deps.files.complaintsOf(ids)]);
  return assembleFile(file, cases, records, complaints);
}

/** A file as a list shows it: its cover. */
const fileRow = (f: PersonFile) => ({
  serviceNumber: f.serviceNumber,
  personId: f.personId,
  name: f.name,
  idNumberMasked: f.idNumberMasked,
  region: f.region,
  county: f.county,
  township: f.township,
  issuedAt: f.issuedAt,
  evaluations: f.evaluations.length,
});

/** Routes of the one-person files (一人一档). */
export function personFileRoutes(app: ServiceApp, deps: PersonFileRouteDeps): void {
  app.route({
    method: 'get',
    path: '/files',
    summary:
      'The one-person files (一人一档) within the caller’s jurisdiction, in service-number order (按服务号顺序排列), filtered by township= (or a village) and name= (whole or its first characters), page= and pageSize= (default 20, at most 100); audited',
    roles: ['county_officer', 'township_caseworker'],
    reads: { resource: 'person_file', list: true },
    query: z.object({
      township: z
        .string()
        .regex(/^\d{9}(\d{3})?$/, 'a township (9 digits) or village (12 digits) code')
        .optional(),
      name: z.string().trim().min(1).max(50).optional(),
      page: z.coerce.number().int().min(1).max(1000).default(1),
      pageSize: z.coerce.number().int().min(1).max(100).default(20),
    }),
    handle: async ({ query, principal }) => {
      if (query.township) assertInJurisdiction(principal, query.township);
      const found = await deps.files.page(
        {
          jurisdiction: principal.jurisdiction,
          region: principal.region,
          ...(query.township ? { township: query.township.slice(0, 9) } : {}),
          ...(query.name ? { name: query.name } : {}),
        },
        query.page,
        query.pageSize,
      );
      return { ...found, items: found.items.map(fileRow) };
    },
  });

  app.route({
    method: 'get',
    path: '/files/:serviceNumber',
    summary:
      'A person’s file by service number, assembled from every service’s events: cases, documents (references to intake’s attachments), needs forms, decisions with their item-by-item explanations, referrals, service plans with versions, visits with verification, complaints, effect evaluations. ID number masked; outside the caller’s jurisdiction 404; every read audited',
    roles: ['county_officer', 'township_caseworker'],
    reads: { resource: 'person_file' },
    handle: async ({ req, principal }) => viewOf(await fileInScope(req, principal, deps), deps),
  });

  app.route({
    method: 'post',
    path: '/files/:serviceNumber/evaluations',
    summary:
      'Record an effect evaluation (效果评估) in a person’s file, at a review or when a service plan ends: satisfaction 1–5, goals met, change in self-care (and the Barthel index where measured again), continue/adjust/stop (adjust or stop needs remarks); said as evaluation.recorded.v1',
    roles: ['township_caseworker'],
    body: recordEvaluationCommand,
    responses: { 201: 'the evaluation recorded', 400: 'invalid_evaluation: errors names each field wrong' },
    handle: async ({ req, body, principal }) => {
      const file = await fileInScope(req, principal, deps);
      const cases = await deps.cases.ofPerson(file.personId);
      const records = await deps.files.recordsOf(cases.map((c) => c.caseId));
      return deps.files.commit<Evaluation>(file.personId, (current, ctx) =>
        decideEvaluation(current, { ...body, by: principal }, { cases, records }, ctx),
      );
    },
  });

  app.route({
    method: 'get',
    path: '/files/:serviceNumber/export',
    summary:
      'Export a person’s file as one zip: 档案.pdf (the file as a document, Chinese font embedded) and the attachments, read from intake with the caller’s token (each read audited there); the export is audited. 503 font_missing when the CJK font is not installed, 503 intake_unavailable when intake does not answer',
    roles: ['county_officer', 'township_caseworker'],
    reads: { resource: 'person_file' },
    responses: { 200: 'application/zip', 503: 'font_missing or intake_unavailable' },
    handle: async ({ req, res, principal }) => {
      assertFontInstalled(deps.font);
      const file = await fileInScope(req, principal, deps);
      const view = await viewOf(file, deps);
      const authorization = req.headers.authorization ?? '';
      const attachments: FetchedAttachment[] = [];
      for (const d of view.documents) {
        const base = { attachmentId: d.attachmentId, kind: d.kind, caseNumber: d.caseNumber };
        try {
          attachments.push({ ...base, ...(await deps.attachments(d.attachmentId, authorization)) });
        } catch (err) {
          if (err instanceof IntakeUnavailable)
            throw new AppError('intake_unavailable', 503, err.message, {
              messageZh: '暂时无法读取附件（受理服务无应答），请稍后再试',
              retryAfterSeconds: 30,
              cause: err,
            });
          attachments.push({ ...base, problem: (err as Error).message });
        }
      }
      const pdf = await filePdf(view, deps.policies.get(file.region), attachments, deps.font);
      return () => sendFileZip(res, file.serviceNumber, pdf, attachments);
    },
  });
}

/** Intake did not answer (down, busy): the export is not made without the attachments. */
export class IntakeUnavailable extends Error {
  override readonly name = 'IntakeUnavailable';
}

/**
 * Reads attachments from intake's `GET /attachments/:attachmentId` with the caller's bearer token: intake checks
 * the token and the jurisdiction and audits the read, as it does for any staff download. No token of its own.
 */
export function intakeAttachments(intakeUrl: string, timeoutMs = 15_000) {
  return async (attachmentId: string, authorization: string) => {
    let res: globalThis.Response;
    try {
      res = await fetch(`${intakeUrl.replace(/\/$/, '')}/attachments/${encodeURIComponent(attachmentId)}`, {
        headers: { authorization, accept: '*/*' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new IntakeUnavailable(`intake did not answer: ${(err as Error).message}`);
    }
    if (res.status === 503 || res.status === 502 || res.status === 504)
      throw new IntakeUnavailable(`intake answered ${res.status}`);
    if (!res.ok) throw new Error(`intake answered ${res.status}`);
    return {
      bytes: Buffer.from(await res.arrayBuffer()),
      contentType: res.headers.get('content-type') ?? 'application/octet-stream',
    };
  };
}
