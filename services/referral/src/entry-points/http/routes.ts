import { covers, readersOf, type StaffPrincipal } from '@carelink/auth';
import { assertInJurisdiction, AppError, type ServiceApp } from '@carelink/http';
import { chinaDate, chinaMonth, type PolicyPacks } from '@carelink/policy';
import { referralState, type Commits } from '@carelink/contracts';
import { pageOf } from '@carelink/store';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { ContractRepository } from '../../data-access/contract-repository';
import type { ReferralQuery, ReferralRepository } from '../../data-access/referral-repository';
import { handleReceiverAction } from '../../domain/answer-referral/handle-receiver-action';
import {
  coversRegion,
  isReceiver,
  receiverActionCommand,
  type ReceiverAction,
} from '../../domain/answer-referral/receiver-action';
import { handleOverrideRoute } from '../../domain/override-route/handle-override-route';
import { overrideRouteCommand } from '../../domain/override-route/override-route';
import { decideConsentOverride, overrideConsentCommand } from '../../domain/override-consent/override-consent';
import {
  attemptOf,
  receiverSharingBasis,
  UNANSWERED_STATES,
  type ReferralRecord,
  type ReferralStatus,
} from '../../domain/referral';
import {
  byAnswerDue,
  escalationOf,
  receiverMoves,
  referralNamesOf,
  referralStatistics,
} from '../../domain/worklist/referral-worklist';
import { commitReferral, type ReferralCommits } from '../../domain/referral-commits';
import type { ReferralTimers } from '../../domain/referral-timers';
import {
  contractState,
  registerContract,
  registerContractCommand,
  validateContract,
  type RegisteredContract,
} from '../../domain/register-contract/register-contract';
import type { RoutingSources } from '../../domain/route-referral/candidates';
import { contactForDepartment } from '../../domain/share-contact/department-contact';
import type { ContactsOnFile } from '../../domain/share-contact/pass-on-to-departments';

const STAFF = ['county_officer', 'township_caseworker', 'village_coordinator', 'hotline_operator'] as const;
const RECEIVERS = ['department_staff', 'provider_staff'] as const;
const isReceiverRole = (p: StaffPrincipal) => p.role === 'department_staff' || p.role === 'provider_staff';

/** What a receiver sees of a referral: what it needs to serve the person, not the township's notes. */
function receiverView(r: ReferralRecord) {
  return {
    referralId: r.referralId,
    caseId: r.caseId,
    caseNumber: r.caseNumber,
    region: r.region,
    itemCode: r.itemCode,
    township: r.township,
    ...(r.village ? { village: r.village } : {}),
    person: r.person,
    status: r.status,
    route: r.route,
    // The delivery mode it came by (its name and how it is handed over; not what a charity list says the person is).
    ...(r.mode ? { mode: { code: r.mode.code, name: r.mode.name, handover: r.mode.handover } } : {}),
    ...(r.listedHandover ? { listedHandover: r.listedHandover } : {}),
    ...(r.sharingBasis ? { sharingBasis: receiverSharingBasis(r.sharingBasis) } : {}),
    attempt: attemptOf(r),
    answerDueAt: r.answerDueAt,
    createdAt: r.createdAt,
    history: receiverMoves(r),
  };
}

/** A staff list's row: a receiver's view without the moves (those are read one referral at a time). */
const rowOf = (r: ReferralRecord) => {
  const { history: _moves, ...row } = receiverView(r);
  return row;
};

/**
 * A referral as staff's list shows it (a row of the worklist): the person, item, place, receiver, state, when
 * the receiver must answer, and when and why it was escalated; not the explanation, the history or an
 * override's reason, which are read one referral at a time.
 */
function staffRow(r: ReferralRecord) {
  const escalation = escalationOf(r);
  return {
    ...rowOf(r),
    ...(escalation ? { escalatedAt: escalation.at, escalationReason: escalation.reason } : {}),
  };
}

const referralStatus = referralState.options;
const CASE_NUMBER = /^[A-Z]{1,4}\d{6}-\d{4}-\d{6}$/i;
const jurisdictionCode = z.string().regex(/^\d{6}(\d{3})?$/, 'a county (6 digits) or township (9 digits) code');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM');
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
const CHINA_OFFSET_MS = 8 * 3600_000;
/** The instant a China calendar month (YYYY-MM) starts, and the next one. */
const chinaMonthStart = (m: string) => new Date(Date.parse(`${m}-01T00:00:00.000Z`) - CHINA_OFFSET_MS);
const nextMonth = (m: string) => {
  const [y, n] = m.split('-').map(Number) as [number, number];
  return n === 12 ? `${y + 1}-01` : `${y}-${String(n + 1).padStart(2, '0')}`;
};

export function referralRoutes(
  app: ServiceApp,
  deps: RoutingSources & {
    policies: PolicyPacks;
    contracts: ContractRepository;
    contractCommits: Commits<RegisteredContract>;
    referrals: ReferralRepository;
    commits: ReferralCommits;
    timers: ReferralTimers;
    /** The contacts residents consented to share, for the department serving them. */
    contacts: ContactsOnFile;
  },
): void {
  const countiesOf = (region: string) => deps.policies.get(region)?.jurisdictions.map((c) => c.code) ?? [];

  app.route({
    method: 'post',
    path: '/contracts',
    summary: 'Register a purchase-of-service contract with a provider (county civil-affairs bureau)',
    roles: ['county_officer'],
    body: registerContractCommand,
    handle: async ({ body, principal }) => {
      validateContract(body, deps.policies.get(body.region), (code) => covers(principal, code, body.region));
      const contractId = uuidv7();
      return deps.contractCommits.commit(contractId, (current, ctx) =>
        registerContract(current, { contract: body, contractId, registeredBy: principal.sub }, ctx),
      );
    },
  });

  app.route({
    method: 'get',
    path: '/contracts',
    summary:
      "Contracts of the caller's region (a provider's staff: their provider's own), each with usedThisMonth (referrals counted against its monthly capacity this month, as routing counts them) and its state (in_force, upcoming, expired, on today's China date); providerId= and state= filter",
    roles: [...STAFF, 'provider_staff'],
    query: z.object({
      providerId: z.string().trim().min(1).max(100).optional(),
      state: z.enum(['in_force', 'upcoming', 'expired']).optional(),
    }),
    handle: async ({ query, principal }) => {
      const today = chinaDate(new Date());
      const month = chinaMonth(new Date());
      const mine = (await deps.contracts.inRegion(principal.region)).filter((c) =>
        principal.role === 'provider_staff'
          ? c.providerId === principal.providerId
          : c.townships.some((t) => covers(principal, t) || principal.jurisdiction.startsWith(t)),
      );
      const chosen = mine
        .map((c) => ({ ...c, state: contractState(c, today) }))
        .filter(
          (c) => (!query.providerId || c.providerId === query.providerId) && (!query.state || c.state === query.state),
        );
      return {
        month,
        items: await Promise.all(
          chosen.map(async (c) => ({
            ...c,
            usedThisMonth: await deps.referrals.countForContract(c.contractId, month),
          })),
        ),
      };
    },
  });

  app.route({
    method: 'get',
    path: '/referrals',
    summary:
      "Referrals within the caller's jurisdiction, newest first, as rows of a table (person, item, place, receiver, state, createdAt, answerDueAt; escalatedAt and escalationReason while escalated to the township), with the fields the caller's role reads; a department's or provider's staff see only the referrals sent to them (their inbox). Filters: caseId= (a case id or case number), status= (comma list: awaiting_consent, awaiting_provider = escalated …), township=, itemCode=, departmentCode=, providerId=. With page= and/or pageSize= (default 20, at most 100) the answer gives total (up to 200; totalCapped beyond); else limit= (default 500). Audited: one entry naming the referrals returned",
    roles: readersOf('referral'),
    reads: { resource: 'referral', list: true },
    query: z.object({
      caseId: z.string().trim().min(1).max(100).optional(),
      status: listOf(referralStatus).optional(),
      township: jurisdictionCode.optional(),
      itemCode: z.string().trim().min(1).max(40).optional(),
      departmentCode: z.string().trim().min(1).max(64).optional(),
      providerId: z.string().trim().min(1).max(100).optional(),
      q: z.string().trim().min(1).max(50).optional(),
      overdue: z.enum(['true', 'false']).optional(),
      sort: z.enum(['created', 'answerDue']).optional(),
      page: z.coerce.number().int().min(1).max(1000).optional(),
      pageSize: z.coerce.number().int().min(1).max(100).optional(),
      limit: z.coerce.number().int().min(1).max(500).optional(),
    }),
    handle: async ({ query, principal }) => {
      if (query.township) assertInJurisdiction(principal, query.township);
      const paged = query.page !== undefined || query.pageSize !== undefined;
      const page = paged ? (query.page ?? 1) : 1;
      const pageSize = paged ? (query.pageSize ?? 20) : (query.limit ?? 500);
      const caseId = query.caseId && (await deps.referrals.caseIdOf(query.caseId, principal.jurisdiction));
      const filter: ReferralQuery = {
        ...(query.status ? { statuses: split(query.status) as ReferralStatus[] } : {}),
        ...(query.township ? { place: query.township } : {}),
        ...(query.itemCode ? { itemCode: query.itemCode } : {}),
        ...(query.departmentCode ? { departmentCode: query.departmentCode } : {}),
        ...(query.providerId ? { providerId: query.providerId } : {}),
        // A case number, or the person's name (whole or its first characters).
        ...(query.q
          ? CASE_NUMBER.test(query.q)
            ? { caseNumber: query.q.toUpperCase() }
            : { personName: query.q }
          : {}),
      };
      const receiver = !isReceiverRole(principal)
        ? undefined
        : principal.role === 'department_staff'
          ? principal.departmentCode && {
              departmentCode: principal.departmentCode,
              region: principal.region,
              ...(coversRegion(principal, countiesOf(principal.region)) ? {} : { within: principal.jurisdiction }),
            }
          : principal.providerId && { providerId: principal.providerId };
      if (isReceiverRole(principal) && !receiver)
        throw AppError.forbidden('no_receiver', 'the token names no department or provider', '账号未关联接收单位');
      const view = (r: ReferralRecord): object => (receiver ? receiverView(r) : staffRow(r));
      if (query.overdue || query.sort === 'answerDue') {
        // Referrals waiting for their receiver's answer: the open work, read whole and sorted by the answer's due time.
        const statuses = (filter.statuses ?? UNANSWERED_STATES).filter((st) => UNANSWERED_STATES.includes(st));
        const waiting = await deps.referrals.waiting(
          receiver ? { receiver } : { staff: { jurisdiction: principal.jurisdiction, region: principal.region } },
          { ...filter, ...(caseId ? { caseId } : {}), statuses },
        );
        const sorted = byAnswerDue(waiting, new Date(), query.overdue ? { overdue: query.overdue === 'true' } : {});
        if (query.sort !== 'answerDue') sorted.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
        const one = pageOf(sorted, page, pageSize);
        return paged ? { ...one, items: one.items.map(view) } : { items: one.items.map(view) };
      }
      if (!receiver) {
        const scope = { jurisdiction: principal.jurisdiction, region: principal.region };
        if (caseId && !paged && Object.keys(filter).length === 0)
          // One case's referrals: indexed on the case.
          return { items: (await deps.referrals.listWithin(principal.jurisdiction, caseId, pageSize)).map(staffRow) };
        const withCase = { ...filter, ...(caseId ? { caseId } : {}) };
        if (!paged) return { items: (await deps.referrals.newest(scope, withCase, pageSize)).map(staffRow) };
        const found = await deps.referrals.page(scope, withCase, page, pageSize);
        return { ...found, items: found.items.map(staffRow) };
      }
      const mine = { ...filter, ...(caseId ? { caseId } : {}) };
      if (!paged)
        return { items: (await deps.referrals.newestForReceiver(receiver, mine, pageSize)).map(receiverView) };
      const found = await deps.referrals.pageForReceiver(receiver, mine, page, pageSize);
      return { ...found, items: found.items.map(receiverView) };
    },
  });

  app.route({
    method: 'get',
    path: '/statistics',
    summary:
      "Referrals created in the caller's jurisdiction over months (from=YYYY-MM&to=YYYY-MM, China time, at most 12; default this month), counted by state, by receiver (department or provider, with its states) and by item, each receiver and item with its name beside its code (departments and items from the region's pack, providers from their contracts)",
    roles: ['county_officer', 'township_caseworker'],
    query: z.object({ from: month.optional(), to: month.optional() }),
    handle: async ({ query, principal }) => {
      const thisMonth = new Date(Date.now() + CHINA_OFFSET_MS).toISOString().slice(0, 7);
      const first = query.from ?? query.to ?? thisMonth;
      const last = query.to ?? query.from ?? thisMonth;
      let span = 0;
      for (let m = first; m <= last && span <= 12; m = nextMonth(m)) span++;
      if (first > last || span > 12)
        throw AppError.badRequest(
          'invalid_range',
          'from must not be after to, and at most 12 months at once',
          '统计区间有误：开始月份不能晚于结束月份，且一次最多12个月',
        );
      const created = await deps.referrals.createdBetween(
        { jurisdiction: principal.jurisdiction, region: principal.region },
        chinaMonthStart(first).toISOString(),
        chinaMonthStart(nextMonth(last)).toISOString(),
      );
      const names = referralNamesOf(
        deps.policies.get(principal.region),
        await deps.contracts.inRegion(principal.region),
      );
      return { from: first, to: last, jurisdiction: principal.jurisdiction, ...referralStatistics(created, names) };
    },
  });

  app.route({
    method: 'post',
    path: '/referrals/:referralId/consent-override',
    summary: 'Send a referral without the applicant’s consent to share data, recording why (township)',
    roles: ['township_caseworker', 'county_officer'],
    body: overrideConsentCommand,
    handle: async ({ req, body, principal }) =>
      commitReferral(deps, String(req.params.referralId), (current, ctx) =>
        decideConsentOverride(current, { command: body, principal }, ctx),
      ),
  });

  app.route({
    method: 'post',
    path: '/referrals/:referralId/route',
    summary:
      'A township case worker sends the referral to another provider or department, with the reason (override, or routing an escalated referral)',
    roles: ['township_caseworker', 'county_officer'],
    body: overrideRouteCommand,
    handle: async ({ req, body, principal }) =>
      handleOverrideRoute(String(req.params.referralId), { command: body, principal }, deps),
  });

  const actions: { action: ReceiverAction; summary: string }[] = [
    { action: 'receipt', summary: 'The receiver acknowledges the referral (received)' },
    { action: 'acceptance', summary: 'The department accepts the referral (providers accept in provider-scheduling)' },
    { action: 'rejection', summary: 'The receiver rejects the referral with a reason; it is re-routed or escalated' },
    { action: 'start', summary: 'The department starts serving (in progress)' },
    { action: 'completion', summary: 'The receiver completed the referred service' },
    { action: 'failure', summary: 'The receiver could not serve after accepting (failed), with a reason' },
  ];
  for (const { action, summary } of actions)
    app.route({
      method: 'post',
      path: `/referrals/:referralId/${action}`,
      summary,
      roles: [...RECEIVERS],
      body: receiverActionCommand,
      handle: async ({ req, body, principal }) => {
        const r = await handleReceiverAction(String(req.params.referralId), { action, command: body, principal }, deps);
        return isReceiver(principal, r) ? receiverView(r) : { referralId: r.referralId, status: r.status };
      },
    });

  app.route({
    method: 'get',
    path: '/referrals/:referralId',
    summary:
      'One referral with its route, the explanation of why, and its history, with the fields the caller’s role reads (audited); to the department serving it, `contact`: the parts of their contact (name, phone, address) the person consented to share, absent without consent',
    roles: readersOf('referral'),
    reads: { resource: 'referral' },
    handle: async ({ req, principal }) => {
      const r = await deps.referrals.get(String(req.params.referralId));
      if (!r) throw AppError.notFound('referral', '转介记录');
      if (isReceiverRole(principal)) {
        // Nothing of a referral never shared (no consent nor override) reaches a receiver, whatever its state.
        if (!isReceiver(principal, r) || !r.sharingBasis) throw AppError.notFound('referral', '转介记录');
        // The department serving the person reaches them at the contact they consented to share (and only that).
        const contact =
          principal.role === 'department_staff' && r.route?.kind === 'department'
            ? contactForDepartment(r, await deps.contacts.of(r.caseId))
            : undefined;
        return { ...receiverView(r), ...(contact ? { contact } : {}) };
      }
      assertInJurisdiction(principal, r.township, r.region);
      return r;
    },
  });
}
