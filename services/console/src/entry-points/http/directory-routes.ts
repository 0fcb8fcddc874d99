import { AppError, type ServiceApp } from '@carelink/http';
import { principalOf } from '../../domain/accounts/account';
import { directoryOf, type ProviderName } from '../../domain/directory/directory';
import type { ConsoleDeps } from './console-deps';
import { signedIn } from './session-gate';

/**
 * `GET /console/directory`: the names screens show for codes (places, catalogue items, delivery modes,
 * departments, target groups, conditions) from the policy pack of the account's region, and the providers the
 * region has contracts with (from referral, read as the account; empty when its role may not read contracts or
 * referral does not answer, with `providersUnavailable` saying why).
 */
export function directoryRoutes(app: ServiceApp, deps: ConsoleDeps): void {
  app.route({
    method: 'get',
    path: '/console/directory',
    summary:
      "Names for the codes of the account's region: places, items, delivery modes, departments, groups, providers",
    handle: async ({ req }) => {
      const { account } = signedIn(req);
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
    },
  });
}
