import { readersOf } from '@carelink/auth';
import { AppError, assertInJurisdiction, type ServiceApp } from '@carelink/http';
import {
  chinaDate,
  evaluateItemEligibility,
  missingDocuments,
  requiredDocumentsOf,
  type PolicyPacks,
} from '@carelink/policy';
import type { AuditEntry } from '@carelink/store';
import type { Request } from 'express';
import { z } from 'zod';
import type { CaseRepository } from '../../data-access/case-repository';
import { decideEligibilityCommand } from '../../domain/decide-eligibility/decide-eligibility';
import { assistanceStatusOf, explainAssistanceStatus } from '../../domain/assistance-status/assistance-status';
import { caseInScope, PolicyPackMissing } from '../../domain/case-in-scope';
import { handleDecideEligibility } from '../../domain/decide-eligibility/handle-decide-eligibility';
import { handleAssignInvestigation, handleRecordInvestigation } from '../../domain/investigate/handle-investigation';
import { assignInvestigationCommand, recordInvestigationCommand } from '../../domain/investigate/investigate';
import type { FollowUps } from '../../domain/dynamic-management/dynamic-management';
import type { Timers } from '../../domain/use-case';
import { ledgerView, type LedgerEntry } from '../../domain/needs-ledger/needs-ledger';
import { sendLedgerCsv, sendLedgerXlsx } from './needs-ledger-export';
import { publicNotice } from '../../domain/public-notice/public-notice';
import { sendNoticeCsv, sendNoticeXlsx } from './public-notice-export';
import type { CaseState, CaseStatus } from '../../domain/case';
import {
  byDeadline,
  caseDeadline,
  currentDecisionDueAt,
  decisionStatistics,
  finalDecision,
  investigatedAt,
  WAITING_STATUSES,
  type CaseDeadline,
} from '../../domain/worklist/case-deadlines';
import { pageOf } from '@carelink/store';

const caseStatus = z.enum(['open', 'investigating', 'investigated', 'awaiting_county', 'decided']);
const placeCode = z.string().regex(/^\d{9}(\d{3})?$/, 'a township (9 digits) or village (12 digits) code');
const day = z.string().date('a day, YYYY-MM-DD');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM');
const CHINA_OFFSET_MS = 8 * 3600_000;
/** The instant a China calendar day (YYYY-MM-DD) starts. */
const chinaDayStart = (d: string) => new Date(Date.parse(`${d}T00:00:00.000Z`) - CHINA_OFFSET_MS);

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

/**
 * A case as a list shows it (a row of the worklist): who (name, masked ID number, age), where, what, where it
 * stands and what it waits for by when; not the declared conditions, the investigation's findings or the
 * decisions' reasons, which are read one case at a time.
 */
function caseRow(c: CaseState, deadline: CaseDeadline | undefined, decisionDue: string | undefined) {
  const decided = finalDecision(c);
  const found = investigatedAt(c);
  return {
    caseId: c.caseId,
    caseNumber: c.caseNumber,
    region: c.region,
    status: c.status,
    person: c.person,
    address: {
      county: c.address.county,
      township: c.address.township,
      ...(c.address.village ? { village: c.address.village } : {}),
    },
    itemCodes: c.itemCodes,
    channel: c.channel,
    openedAt: c.openedAt,
    ...(c.investigation
      ? {
          investigation: {
            assignment: c.investigation.assignment,
            team: c.investigation.team,
            assignedAt: c.investigation.assignedAt,
            dueAt: c.investigation.dueAt,
            overdue: c.investigation.overdue,
          },
        }
      : {}),
    ...(found ? { investigatedAt: found } : {}),
    ...(decisionDue ? { decisionDueAt: decisionDue } : {}),
    ...(deadline ? { due: deadline } : {}),
    ...(c.escalatedLevels?.length ? { escalatedLevels: c.escalatedLevels } : {}),
    ...(decided ? { decidedAt: decided.at } : {}),
  };
}

/**
 * Runs a use case on the case the path names. A case whose region has no policy pack is a fault of this
 * deployment, answered 500 `policy_pack_missing`.
 */
async function onCase<T>(req: Request, run: (caseId: string) => Promise<T>): Promise<T> {
  try {
    return await run(String(req.params.caseId));
  } catch (err) {
    if (err instanceof PolicyPackMissing)
      throw new AppError('policy_pack_missing', 500, err.message, { catastrophic: true, cause: err });
    throw err;
  }
}

export function assessmentRoutes(
  app: ServiceApp,
  deps: {
    cases: CaseRepository;
    ledger: { within(jurisdiction: string, from?: string, to?: string): Promise<LedgerEntry[]> };
    followUps: FollowUps;
    policies: PolicyPacks;
    timers: Timers;
    /** The audit trail: a decision taken without required documents is written to it, with the reason. */
    audit: { record(entry: AuditEntry): Promise<void> };
  },
): void {
  app.route({
    method: 'get',
    path: '/follow-ups',
    summary: 'People newly added to assistance in a month, for their village to follow up (每月新纳入对象; audited)',
    roles: readersOf('follow_up'),
    reads: { resource: 'follow_up', list: true },
    query: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month is YYYY-MM') }),
    handle: async ({ query, principal }) => ({
      month: query.month,
      items: await deps.followUps.ofMonth(query.month, principal.jurisdiction),
    }),
  });

  app.route({
    method: 'get',
    path: '/public-notice',
    summary:
      'The long-term public notice (长期公示) of service recipients of a township or village, names and ID numbers masked; CSV or XLSX to print with format= (audited)',
    roles: readersOf('public_notice'),
    reads: { resource: 'public_notice' },
    query: z.object({
      area: z
        .string()
        .regex(/^\d{9}(\d{3})?$/, 'area is a township (9 digits) or village (12 digits) code')
        .optional(),
      format: z.enum(['json', 'csv', 'xlsx']).default('json'),
    }),
    handle: async ({ query, principal, res }) => {
      const area = query.area ?? principal.jurisdiction;
      if (area.length < 9)
        throw AppError.badRequest(
          'area_required',
          'a public notice is posted per township or village: give area=',
          '公示按乡镇(街道)或村(社区)张贴，请选择地区',
        );
      assertInJurisdiction(principal, area);
      const pack = deps.policies.get(principal.region);
      if (!pack) throw AppError.notFound('policy pack', '地区政策');
      const cases = await deps.cases.listWithin(area.slice(0, 9), 'decided', 5000);
      const notice = publicNotice(cases, pack, area);
      const filename = `public-notice-${area}-${chinaDate(new Date())}`;
      if (query.format === 'csv') return () => sendNoticeCsv(res, notice, filename);
      if (query.format === 'xlsx') return () => sendNoticeXlsx(res, notice, filename);
      return notice;
    },
  });

  app.route({
    method: 'get',
    path: '/needs-ledger',
    summary:
      'The needs ledger (需求台账) of the caller’s jurisdiction: common and individual needs, with a summary; CSV or XLSX with format= (audited)',
    roles: readersOf('needs_ledger'),
    reads: { resource: 'needs_ledger' },
    query: z.object({
      format: z.enum(['json', 'csv', 'xlsx']).default('json'),
      from: z.string().date('from is a date, YYYY-MM-DD').optional(),
      to: z.string().date('to is a date, YYYY-MM-DD').optional(),
    }),
    handle: async ({ query, principal, res }) => {
      const view = ledgerView(await deps.ledger.within(principal.jurisdiction, query.from, query.to));
      const filename = `needs-ledger-${principal.jurisdiction}-${chinaDate(new Date())}`;
      if (query.format === 'csv') return () => sendLedgerCsv(res, view, filename);
      if (query.format === 'xlsx') return () => sendLedgerXlsx(res, view, filename);
      return view;
    },
  });

  /** A case the caller may read, with its region's pack. */
  const readCase = async (caseId: string, principal: { jurisdiction: string; region: string }) =>
    caseInScope(await deps.cases.getByIdOrNumber(caseId), principal, deps.policies);

  app.route({
    method: 'post',
    path: '/cases/:caseId/investigation-team',
    summary: 'Assign the two-person home investigation team (入户调查); due date and reminders from the region’s pack',
    roles: ['township_caseworker'],
    body: assignInvestigationCommand,
    handle: ({ req, body, principal }) =>
      onCase(req, (caseId) => handleAssignInvestigation(caseId, { ...body, by: principal }, deps)),
  });

  app.route({
    method: 'post',
    path: '/cases/:caseId/investigation',
    summary: 'Record the home investigation: household, difficulty, Barthel ADL items, needs, verified conditions',
    roles: ['township_caseworker', 'village_coordinator'],
    body: recordInvestigationCommand,
    handle: ({ req, body, principal }) =>
      onCase(req, (caseId) => handleRecordInvestigation(caseId, { ...body, by: principal }, deps)),
  });

  app.route({
    method: 'get',
    path: '/cases',
    summary:
      "Cases within the caller's jurisdiction as rows of a table (masked ID number, age, place, items, the investigation team and due date, decisionDueAt: when the level the case waits for must decide, from the pack's working calendar; due: what it waits for, by when, overdue), with the fields the caller’s role reads. Filters: status= (comma list), township= (or a village), item=, overdue=true|false, dueBefore= (a day, China time: due on or before it); sort=opened (newest first, default) or due (soonest first; lists the cases waiting for an investigation or a decision). With page= and/or pageSize= (default 20, at most 100) the answer gives total (up to 200; totalCapped beyond); else limit= (default 100). Audited: one entry naming the cases returned",
    roles: readersOf('case'),
    reads: { resource: 'case', list: true },
    query: z.object({
      status: listOf(caseStatus.options).optional(),
      township: placeCode.optional(),
      item: z.string().trim().min(1).max(40).optional(),
      overdue: z.enum(['true', 'false']).optional(),
      dueBefore: day.optional(),
      sort: z.enum(['opened', 'due']).optional(),
      page: z.coerce.number().int().min(1).max(1000).optional(),
      pageSize: z.coerce.number().int().min(1).max(100).optional(),
      limit: z.coerce.number().int().min(1).max(500).optional(),
    }),
    handle: async ({ query, principal }) => {
      if (query.township) assertInJurisdiction(principal, query.township);
      const scope = { jurisdiction: principal.jurisdiction, region: principal.region };
      const place = query.township
        ? query.township.length === 12
          ? { township: query.township.slice(0, 9), village: query.township }
          : { township: query.township }
        : undefined;
      const filter = {
        ...(query.status ? { statuses: split(query.status) as CaseStatus[] } : {}),
        ...(place ? { place } : {}),
        ...(query.item ? { itemCode: query.item } : {}),
      };
      const paged = query.page !== undefined || query.pageSize !== undefined;
      const page = paged ? (query.page ?? 1) : 1;
      const pageSize = paged ? (query.pageSize ?? 20) : (query.limit ?? 100);
      const now = new Date();
      const deadlineOf = (c: CaseState) => {
        const pack = deps.policies.get(c.region);
        return pack ? caseDeadline(c, pack, now) : undefined;
      };
      const decisionDueOf = (c: CaseState) => {
        const pack = deps.policies.get(c.region);
        return pack ? currentDecisionDueAt(c, pack) : undefined;
      };
      const row = (c: CaseState, deadline = deadlineOf(c)) => caseRow(c, deadline, decisionDueOf(c));
      const dueFilter = {
        ...(query.overdue ? { overdue: query.overdue === 'true' } : {}),
        // On or before the day: before the next day starts in China time.
        ...(query.dueBefore ? { dueBy: new Date(chinaDayStart(query.dueBefore).getTime() + 86_400_000 - 1) } : {}),
      };
      if (query.sort === 'due' || query.overdue || query.dueBefore) {
        // The cases waiting for something with a time limit: the township's open work, read whole and sorted.
        const statuses = (query.status ? (split(query.status) as CaseStatus[]) : WAITING_STATUSES).filter((s) =>
          WAITING_STATUSES.includes(s),
        );
        const waiting = await deps.cases.waiting(scope, { ...filter, statuses });
        const sorted = byDeadline(
          waiting.map((state) => ({ state, deadline: deadlineOf(state) })),
          dueFilter,
        );
        if (query.sort !== 'due') sorted.sort((a, b) => b.state.openedAt.localeCompare(a.state.openedAt));
        const found = pageOf(sorted, page, pageSize);
        const items = found.items.map(({ state, deadline }) => row(state, deadline));
        return paged ? { ...found, items } : { items };
      }
      if (!paged) return { items: (await deps.cases.newest(scope, filter, pageSize)).map((c) => row(c)) };
      const found = await deps.cases.page(scope, filter, page, pageSize);
      return { ...found, items: found.items.map((c) => row(c)) };
    },
  });

  app.route({
    method: 'get',
    path: '/cases/:caseId',
    summary:
      'One case, named by its case id or its case number, with its investigation and decisions and decisionDueAt (when the level it waits for must decide), with the fields the caller’s role reads (health data: every read is audited)',
    roles: readersOf('case'),
    reads: { resource: 'case' },
    handle: ({ req, principal }) =>
      onCase(req, async (caseId) => {
        const { state, pack } = await readCase(caseId, principal);
        const decisionDueAt = currentDecisionDueAt(state, pack);
        return { ...state, ...(decisionDueAt ? { decisionDueAt } : {}) };
      }),
  });

  app.route({
    method: 'get',
    path: '/statistics',
    summary:
      "Time to decision of the cases decided in the caller's jurisdiction over months (from=YYYY-MM&to=YYYY-MM, China time, at most 12; default this month): how many, approved and rejected, median and 90th percentile of the days from opening to the final decision, overall and per township (each named beside its code by the region's pack)",
    roles: ['county_officer', 'township_caseworker'],
    query: z.object({ from: month.optional(), to: month.optional() }),
    handle: async ({ query, principal }) => {
      const thisMonth = new Date(Date.now() + CHINA_OFFSET_MS).toISOString().slice(0, 7);
      const first = query.from ?? query.to ?? thisMonth;
      const last = query.to ?? query.from ?? thisMonth;
      const [fy, fm] = first.split('-').map(Number) as [number, number];
      const [ly, lm] = last.split('-').map(Number) as [number, number];
      const span = (ly - fy) * 12 + (lm - fm) + 1;
      if (span < 1 || span > 12)
        throw AppError.badRequest(
          'invalid_range',
          'from must not be after to, and at most 12 months at once',
          '统计区间有误：开始月份不能晚于结束月份，且一次最多12个月',
        );
      const from = chinaDayStart(`${first}-01`);
      const to = chinaDayStart(`${lm === 12 ? ly + 1 : ly}-${String(lm === 12 ? 1 : lm + 1).padStart(2, '0')}-01`);
      const decided = await deps.cases.decidedBetween(
        { jurisdiction: principal.jurisdiction, region: principal.region },
        from,
        to,
      );
      return {
        from: first,
        to: last,
        jurisdiction: principal.jurisdiction,
        ...decisionStatistics(decided, deps.policies.get(principal.region)),
      };
    },
  });

  app.route({
    method: 'get',
    path: '/cases/:caseId/eligibility',
    summary:
      'What the region’s rules say about each requested item, rule by rule, in Chinese; the assistance status they go by (declared, verified by the home investigation against the registers, or reported by a register) beside what was declared; the documents each item requires and which are not on file (audited)',
    roles: readersOf('eligibility'),
    reads: { resource: 'eligibility' },
    handle: ({ req, principal }) =>
      onCase(req, async (caseId) => {
        const { state: c, pack } = await readCase(caseId, principal);
        const today = chinaDate(new Date());
        const status = assistanceStatusOf(c);
        const onFile = (c.documents ?? []).map((d) => d.kind);
        const missing = missingDocuments(pack, c.itemCodes, onFile);
        return {
          packVersion: pack.version,
          assistanceStatus: { ...status, explanation: explainAssistanceStatus(status, pack) },
          items: c.itemCodes.map((code) => ({
            ...evaluateItemEligibility(
              pack,
              {
                age: c.person.ageAtRegistration,
                groups: status.groups,
                conditions: c.investigation?.result?.verifiedConditions ?? c.declaredConditions,
              },
              code,
              today,
            ),
            documents: {
              required: requiredDocumentsOf(pack, code),
              missing: missing.find((m) => m.itemCode === code)?.documents ?? [],
            },
          })),
        };
      }),
  });

  app.route({
    method: 'post',
    path: '/cases/:caseId/decisions',
    summary:
      'Record the township review or the county approval of every item (the region’s chain decides which is final). An item approved without the documents the region requires needs missingDocumentsReason (recorded with the decision and audited)',
    roles: ['township_caseworker', 'county_officer'],
    body: decideEligibilityCommand,
    responses: {
      201: 'the case with the decision recorded',
      422: 'not_eligible (an item the rules do not allow), rejected_below, or documents_missing: errors lists each item and its missing documents',
    },
    handle: ({ req, body, principal }) =>
      onCase(req, async (caseId) => {
        const decided = await handleDecideEligibility(caseId, { ...body, by: principal }, deps);
        const decision = decided.decisions[decided.decisions.length - 1]!;
        if (decision.missingDocuments)
          await deps.audit.record({
            actor: principal.sub,
            role: principal.role,
            actorJurisdiction: principal.jurisdiction,
            action: 'update',
            subjectType: 'case',
            subjectId: decided.caseId,
            places: [decided.address.township],
            resource: 'POST /cases/:caseId/decisions',
            purpose: `decided without required documents (${decision.missingDocuments.items
              .map((m) => `${m.itemCode}: ${m.documents.join(', ')}`)
              .join('; ')}): ${decision.missingDocuments.reason}`,
          });
        return decided;
      }),
  });
}
