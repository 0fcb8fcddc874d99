import createClient, { type Client } from 'openapi-fetch';
import { consoleMiddleware } from '../../api/client';
import type { paths as ProviderSchedulingPaths } from '../../api/generated/provider-scheduling';
import type { paths as SettlementPaths } from '../../api/generated/settlement';

/**
 * The clients of the two services the provider's and the county's pages read besides those of api/client.ts:
 * provider-scheduling (assignments, visits) and settlement (monthly statements), through the BFF the same way
 * (`/api/<service>`, session cookie, CSRF header and Problem Details by `consoleMiddleware`).
 */
function serviceClient<Paths extends object>(service: string): Client<Paths> {
  const client = createClient<Paths>({ baseUrl: `/api/${service}`, credentials: 'same-origin' });
  client.use(consoleMiddleware);
  return client;
}

export const scheduling = serviceClient<ProviderSchedulingPaths>('provider-scheduling');
export const settlement = serviceClient<SettlementPaths>('settlement');

/**
 * Read routes the services gained after their documents in api/generated/ were last written (referral and
 * complaints statistics, provider scores): typed loosely until `npm run openapi` writes them; the answer is
 * typed by the caller (`answer<T>`), as every answer is.
 */
interface LooseReads {
  [path: `/${string}`]: {
    get: {
      parameters: { query?: Record<string, string | number | boolean | undefined> };
      responses: { 200: { content: { 'application/json': unknown } } };
    };
  };
}
export const newerReads = {
  referral: serviceClient<LooseReads>('referral'),
  complaints: serviceClient<LooseReads>('complaints'),
};
