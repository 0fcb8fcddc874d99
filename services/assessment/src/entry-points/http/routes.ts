import type { StaffPrincipal } from '@carelink/auth';
import { AppError, assertInJurisdiction, type ServiceApp } from '@carelink/http';
import { chinaDate, evaluateItemEligibility, type PolicyPacks } from '@carelink/policy';
import { currentTraceparent } from '@carelink/telemetry';
import { z } from 'zod';
import type { CaseRepository } from '../../data-access/case-repository';
import { decideEligibilityCommand } from '../../domain/decide-eligibility/decide-eligibility';
import { caseInScope } from '../../domain/case-in-scope';
import { handleDecideEligibility } from '../../domain/decide-eligibility/handle-decide-eligibility';
import { handleAssignInvestigation, handleRecordInvestigation } from '../../domain/investigate/handle-investigation';
import { assignInvestigationCommand, recordInvestigationCommand } from '../../domain/investigate/investigate';
import type { JobBoard } from '@carelink/jobs';
import type { NeedsLedgerRepository } from '../../data-access/needs-ledger-repository';
import type { FollowUpRepository } from '../../data-access/follow-up-repository';
import { ledgerView } from '../../domain/needs-ledger/needs-ledger';
import { sendLedgerCsv, sendLedgerXlsx } from './needs-ledger-export';
import { publicNotice } from '../../domain/public-notice/public-notice';
import { sendNoticeCsv, sendNoticeXlsx } from './public-notice-export';

const STAFF = ['county_officer', 'township_caseworker', 'village_coordinator', 'hotline_operator'] as const;

export function assessmentRoutes(
  app: ServiceApp,
  deps: {
    cases: CaseRepository;
    ledger: NeedsLedgerRepository;
    followUps: FollowUpRepository;
    policies: PolicyPacks;
    jobs: JobBoard;
    eventsWritten: () => void;
  },
): void {
  app.route({
    method: 'get',
    path: '/follow-ups',
    summary: 'People newly added to assistance in a month, for their village to follow up (每月新纳入对象)',
    roles: ['county_officer', 'township_caseworker', 'village_coordinator'],
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
      'The long-term public notice (长期公示) of service recipients of a township or village, names and ID numbers masked; CSV or XLSX to print with format=',
    roles: ['county_officer', 'township_caseworker', 'village_coordinator'],
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
      if (query.format === 'csv') return sendNoticeCsv(res, notice, filename);
      if (query.format === 'xlsx') return sendNoticeXlsx(res, notice, filename);
      return notice;
    },
  });

  app.route({
    method: 'get',
    path: '/needs-ledger',
    summary:
      'The needs ledger (需求台账) of the caller’s jurisdiction: common and individual needs, with a summary; CSV or XLSX with format=',
    roles: ['county_officer', 'township_caseworker', 'village_coordinator'],
    query: z.object({
      format: z.enum(['json', 'csv', 'xlsx']).default('json'),
      from: z.string().date('from is a date, YYYY-MM-DD').optional(),
      to: z.string().date('to is a date, YYYY-MM-DD').optional(),
    }),
    handle: async ({ query, principal, res }) => {
      const view = ledgerView(await deps.ledger.within(principal.jurisdiction, query.from, query.to));
      const filename = `needs-ledger-${principal.jurisdiction}-${chinaDate(new Date())}`;
      if (query.format === 'csv') return sendLedgerCsv(res, view, filename);
      if (query.format === 'xlsx') return sendLedgerXlsx(res, view, filename);
      return view;
    },
  });

  /** What the case use cases need, for one caller. */
  const useCaseDeps = (principal: StaffPrincipal) => ({
    cases: deps.cases,
    policies: deps.policies,
    jobs: deps.jobs,
    now: () => new Date(),
    traceparent: currentTraceparent,
    assertInJurisdiction: (code: string) => assertInJurisdiction(principal, code),
  });

  app.route({
    method: 'post',
    path: '/cases/:caseId/investigation-team',
    summary: 'Assign the two-person home investigation team (入户调查); due date and reminders from the region’s pack',
    roles: ['township_caseworker'],
    body: assignInvestigationCommand,
    handle: async ({ req, body, principal }) => {
      const result = await handleAssignInvestigation(
        String(req.params.caseId),
        body,
        principal,
        useCaseDeps(principal),
      );
      deps.eventsWritten();
      return result;
    },
  });

  app.route({
    method: 'post',
    path: '/cases/:caseId/investigation',
    summary: 'Record the home investigation: household, difficulty, Barthel ADL items, needs, verified conditions',
    roles: ['township_caseworker', 'village_coordinator'],
    body: recordInvestigationCommand,
    handle: async ({ req, body, principal }) => {
      const result = await handleRecordInvestigation(
        String(req.params.caseId),
        body,
        principal,
        useCaseDeps(principal),
      );
      deps.eventsWritten();
      return result;
    },
  });

  app.route({
    method: 'get',
    path: '/cases',
    summary: "Cases within the caller's jurisdiction",
    roles: [...STAFF],
    query: z.object({
      status: z.enum(['open', 'investigating', 'investigated', 'awaiting_county', 'decided']).optional(),
      limit: z.coerce.number().int().min(1).max(500).optional(),
    }),
    handle: async ({ query, principal }) => ({
      items: await deps.cases.listWithin(principal.jurisdiction, query.status, query.limit ?? 100),
    }),
  });

  app.route({
    method: 'get',
    path: '/cases/:caseId',
    summary: 'One case with its decisions',
    roles: [...STAFF],
    handle: async ({ req, principal }) => (await caseInScope(String(req.params.caseId), useCaseDeps(principal))).state,
  });

  app.route({
    method: 'get',
    path: '/cases/:caseId/eligibility',
    summary: 'What the region’s rules say about each requested item, rule by rule, in Chinese',
    roles: [...STAFF],
    handle: async ({ req, principal }) => {
      const { state: c, pack } = await caseInScope(String(req.params.caseId), useCaseDeps(principal));
      const today = chinaDate(new Date());
      return {
        packVersion: pack.version,
        items: c.itemCodes.map((code) =>
          evaluateItemEligibility(
            pack,
            {
              birthDate: c.person.birthDate,
              groups: c.declaredGroups,
              conditions: c.investigation?.result?.verifiedConditions ?? c.declaredConditions,
            },
            code,
            today,
          ),
        ),
      };
    },
  });

  app.route({
    method: 'post',
    path: '/cases/:caseId/decisions',
    summary:
      'Record the township review or the county approval of every item (the region’s chain decides which is final)',
    roles: ['township_caseworker', 'county_officer'],
    body: decideEligibilityCommand,
    responses: { 201: 'the case with the decision recorded' },
    handle: async ({ req, body, principal }) => {
      const result = await handleDecideEligibility(String(req.params.caseId), body, principal, useCaseDeps(principal));
      deps.eventsWritten();
      return result;
    },
  });
}
