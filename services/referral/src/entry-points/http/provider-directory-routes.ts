import type { ServiceApp } from '@carelink/http';
import type { ContractRepository } from '../../data-access/contract-repository';
import { providerNames } from '../../domain/register-contract/provider-names';

/**
 * `GET /providers`: the names of the providers the caller's region has contracts with (no personal data): what
 * the chat bot and the IVR tell residents ("已经交给阳光助老服务社") and staff screens show beside a provider id.
 */
export function providerDirectoryRoutes(app: ServiceApp, deps: { contracts: Pick<ContractRepository, 'inRegion'> }) {
  app.route({
    method: 'get',
    path: '/providers',
    summary:
      "The providers the caller's region has purchase-of-service contracts with, by name (providerId, name; one name per provider, the latest contract's), for channel adapters and staff",
    roles: [
      'county_officer',
      'township_caseworker',
      'village_coordinator',
      'hotline_operator',
      'department_staff',
      'provider_staff',
      'channel_adapter',
    ],
    handle: async ({ principal }) => ({ items: providerNames(await deps.contracts.inRegion(principal.region)) }),
  });
}
