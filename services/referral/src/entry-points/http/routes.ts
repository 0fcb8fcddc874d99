import { covers, readersOf, type StaffPrincipal } from '@carelink/auth';
import { assertInJurisdiction, AppError, type ServiceApp } from '@carelink/http';
import type { PolicyPacks } from '@carelink/policy';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { ContractRepository } from '../../data-access/contract-repository';
import type { ReferralRepository } from '../../data-access/referral-repository';
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
import { attemptOf, receiverSharingBasis, type ReferralRecord } from '../../domain/referral';
import { commitReferral, type ReferralCommits } from '../../domain/referral-commits';
import type { ReferralTimers } from '../../domain/referral-timers';
import { registerContractCommand, validateContract } from '../../domain/register-contract/register-contract';
import type { RoutingSources } from '../../domain/route-referral/candidates';

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
    person: r.person,
    status: r.status,
    route: r.route,
    ...(r.sharingBasis ? { sharingBasis: receiverSharingBasis(r.sharingBasis) } : {}),
    attempt: attemptOf(r),
    answerDueAt: r.answerDueAt,
  };
}

export function referralRoutes(
  app: ServiceApp,
  deps: RoutingSources & {
    policies: PolicyPacks;
    contracts: ContractRepository;
    referrals: ReferralRepository;
    commits: ReferralCommits;
    timers: ReferralTimers;
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
      const contract = { contractId: uuidv7(), ...body };
      await deps.contracts.insert(contract, principal.sub);
      return contract;
    },
  });

  app.route({
    method: 'get',
    path: '/contracts',
    summary: "Contracts of the caller's region",
    roles: [...STAFF],
    handle: async ({ principal }) => ({
      items: (await deps.contracts.inRegion(principal.region)).filter((c) =>
        c.townships.some((t) => covers(principal, t) || principal.jurisdiction.startsWith(t)),
      ),
    }),
  });

  app.route({
    method: 'get',
    path: '/referrals',
    summary:
      "Referrals within the caller's jurisdiction, optionally of one case; a department's or provider's staff see only the referrals sent to them; the fields the caller’s role reads (audited: one entry naming the referrals returned)",
    roles: readersOf('referral'),
    reads: { resource: 'referral', list: true },
    query: z.object({ caseId: z.string().optional() }),
    handle: async ({ query, principal }) => {
      if (!isReceiverRole(principal))
        return { items: await deps.referrals.listWithin(principal.jurisdiction, query.caseId, 500) };
      const receiver =
        principal.role === 'department_staff'
          ? principal.departmentCode && {
              departmentCode: principal.departmentCode,
              region: principal.region,
              ...(coversRegion(principal, countiesOf(principal.region)) ? {} : { within: principal.jurisdiction }),
            }
          : principal.providerId && { providerId: principal.providerId };
      if (!receiver)
        throw AppError.forbidden('no_receiver', 'the token names no department or provider', '账号未关联接收单位');
      const items = await deps.referrals.listForReceiver(receiver, 500);
      return { items: items.filter((r) => !query.caseId || r.caseId === query.caseId).map(receiverView) };
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
      'One referral with its route, the explanation of why, and its history, with the fields the caller’s role reads (audited)',
    roles: readersOf('referral'),
    reads: { resource: 'referral' },
    handle: async ({ req, principal }) => {
      const r = await deps.referrals.get(String(req.params.referralId));
      if (!r) throw AppError.notFound('referral', '转介记录');
      if (isReceiverRole(principal)) {
        // Nothing of a referral never shared (no consent nor override) reaches a receiver, whatever its state.
        if (!isReceiver(principal, r) || !r.sharingBasis) throw AppError.notFound('referral', '转介记录');
        return receiverView(r);
      }
      assertInJurisdiction(principal, r.township, r.region);
      return r;
    },
  });
}
