import { covers } from '@carelink/auth';
import { assertInJurisdiction, AppError, type ServiceApp } from '@carelink/http';
import type { PolicyPacks } from '@carelink/policy';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { ContractRepository } from '../../data-access/contract-repository';
import type { ReferralRepository } from '../../data-access/referral-repository';
import { registerContractCommand, validateContract } from '../../domain/register-contract/register-contract';

const STAFF = ['county_officer', 'township_caseworker', 'village_coordinator', 'hotline_operator'] as const;

export function referralRoutes(
  app: ServiceApp,
  deps: { policies: PolicyPacks; contracts: ContractRepository; referrals: ReferralRepository },
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
