import { AppError, type ServiceApp } from '@carelink/http';
import { principalOf, type Account } from '../../domain/accounts/account';
import { directoryOf, type ProviderName } from '../../domain/directory/directory';
import type { ConsoleDeps } from './console-deps';
import { signedIn } from './session-gate';

/**
 * The names screens show for codes (places, catalogue items, delivery modes, departments, target groups,
 * conditions) from the policy pack of the account's region, and the providers the region has contracts with (from
 * referral, read as the account; empty when its role may not read contracts or referral does not answer, with
 * `providersUnavailable` saying why). Answered by `GET /console/directory` and carried by the page itself
 * (web-app.ts); the providers are kept by ContractedProviders, so this waits on referral only the first time.
 */
export async function directoryFor(deps: Pick<ConsoleDeps, 'policies' | 'providers' | 'logger'>, account: Account) {
  const pack = deps.policies.get(account.region);
  if (!pack)
    throw new AppError('unknown_region', 500, `no policy pack for region ${account.region}`, {
      messageZh: '地区配置缺失',
    });
  let providers: ProviderName[] = [];
  let providersUnavailable: string | undefined;
  try {
    providers = await deps.providers.of(principalOf(account));
  } catch (err) {
    providersUnavailable = (err as Error).message;
    deps.logger.warn({ err: providersUnavailable, role: account.role }, 'provider names not available');
  }
  return { ...directoryOf(pack, providers), ...(providersUnavailable ? { providersUnavailable } : {}) };
}

/** `GET /console/directory`: the directory of the signed-in account's region (directoryFor). */
export function directoryRoutes(app: ServiceApp, deps: ConsoleDeps): void {
  app.route({
    method: 'get',
    path: '/console/directory',
    summary:
      "Names for the codes of the account's region: places, items, delivery modes, departments, groups, providers",
    handle: async ({ req }) => directoryFor(deps, signedIn(req).account),
  });
}
