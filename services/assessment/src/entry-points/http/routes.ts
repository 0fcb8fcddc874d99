import { readersOf } from '@carelink/auth';
import { AppError, assertInJurisdiction, type ServiceApp } from '@carelink/http';
import { chinaDate, evaluateItemEligibility, type PolicyPacks } from '@carelink/policy';
import type { Request } from 'express';
import { z } from 'zod';
import type { CaseRepository } from '../../data-access/case-repository';
import { decideEligibilityCommand } from '../../domain/decide-eligibility/decide-eligibility';
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
    caseInScope(await deps.cases.get(caseId), principal, deps.policies);

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
      "Cases within the caller's jurisdiction, with the fields the caller’s role reads (audited: one entry naming the cases returned)",
    roles: readersOf('case'),
    reads: { resource: 'case', list: true },
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
    summary:
      'One case with its investigation and decisions, with the fields the caller’s role reads (health data: every read is audited)',
    roles: readersOf('case'),
    reads: { resource: 'case' },
    handle: ({ req, principal }) => onCase(req, async (caseId) => (await readCase(caseId, principal)).state),
  });

  app.route({
    method: 'get',
    path: '/cases/:caseId/eligibility',
    summary: 'What the region’s rules say about each requested item, rule by rule, in Chinese (audited)',
    roles: readersOf('eligibility'),
    reads: { resource: 'eligibility' },
    handle: ({ req, principal }) =>
      onCase(req, async (caseId) => {
        const { state: c, pack } = await readCase(caseId, principal);
        const today = chinaDate(new Date());
        return {
          packVersion: pack.version,
          items: c.itemCodes.map((code) =>
            evaluateItemEligibility(
              pack,
              {
                age: c.person.ageAtRegistration,
                groups: c.declaredGroups,
                conditions: c.investigation?.result?.verifiedConditions ?? c.declaredConditions,
              },
              code,
              today,
            ),
          ),
        };
      }),
  });

  app.route({
    method: 'post',
    path: '/cases/:caseId/decisions',
    summary:
      'Record the township review or the county approval of every item (the region’s chain decides which is final)',
    roles: ['township_caseworker', 'county_officer'],
    body: decideEligibilityCommand,
    responses: { 201: 'the case with the decision recorded' },
    handle: ({ req, body, principal }) =>
      onCase(req, (caseId) => handleDecideEligibility(caseId, { ...body, by: principal }, deps)),
  });
}
