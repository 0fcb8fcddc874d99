import { covers } from '@carelink/auth';
import { assertInJurisdiction, AppError, type ServiceApp } from '@carelink/http';
import type { PolicyPacks } from '@carelink/policy';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { ContractRepository } from '../../data-access/contract-repository';
import type { ReferralRepository } from '../../data-access/referral-repository';
import { registerContractCommand, validateContract } from '../../domain/register-contract/register-contract';
import { overrideConsent, overrideConsentCommand } from '../../domain/override-consent/override-consent';
import { referralCreated } from '../../domain/route-referral/referral-created';
import { currentTraceparent } from '@carelink/telemetry';

const STAFF = ['county_officer', 'township_caseworker', 'village_coordinator', 'hotline_operator'] as const;

export function referralRoutes(
  app: ServiceApp,
  deps: {
    policies: PolicyPacks;
    contracts: ContractRepository;
    referrals: ReferralRepository;
    eventsWritten: () => void;
  },
): void {
  app.route({
    method: 'post',
    path: '/contracts',
    summary: 'Register a purchase-of-service contract with a provider (county civil-affairs bureau)',
    roles: ['county_officer'],
    body: registerContractCommand,
    handle: async ({ body, principal }) => {
      validateContract(body, deps.policies.get(body.region), (code) => covers(principal, code));
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
    summary: "Referrals within the caller's jurisdiction, optionally of one case",
    roles: [...STAFF],
    query: z.object({ caseId: z.string().optional() }),
    handle: async ({ query, principal }) => ({
      items: await deps.referrals.listWithin(principal.jurisdiction, query.caseId, 500),
    }),
  });

  app.route({
    method: 'post',
    path: '/referrals/:referralId/consent-override',
    summary: 'Send a referral without the applicant’s consent to share data, recording why (township)',
    roles: ['township_caseworker', 'county_officer'],
    body: overrideConsentCommand,
    handle: async ({ req, body, principal }) => {
      const referral = await deps.referrals.get(String(req.params.referralId));
      if (!referral) throw AppError.notFound('referral', '转介记录');
      assertInJurisdiction(principal, referral.township);
      const change = overrideConsent(referral, body, principal.sub);
      const events = referral.route
        ? [
            referralCreated({ ...referral, ...change }, referral.route, change.sharingBasis, {
              at: new Date(),
              traceparent: currentTraceparent(),
            }),
          ]
        : [];
      if (!(await deps.referrals.recordSharingOverride(referral.referralId, change, events)))
        throw AppError.conflict(
          'referral_changed',
          'the referral changed meanwhile; reload it',
          '该转介已被更新，请刷新',
        );
      deps.eventsWritten();
      return deps.referrals.get(referral.referralId);
    },
  });

  app.route({
    method: 'get',
    path: '/referrals/:referralId',
    summary: 'One referral with its route and the explanation of why',
    roles: [...STAFF],
    handle: async ({ req, principal }) => {
      const r = await deps.referrals.get(String(req.params.referralId));
      if (!r) throw AppError.notFound('referral', '转介记录');
      assertInJurisdiction(principal, r.township);
      return r;
    },
  });
}
