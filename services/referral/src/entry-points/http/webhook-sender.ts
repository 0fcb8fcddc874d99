import { OutboundRefused, publicHttpClient, type PublicClientOptions } from '@carelink/http';
import type { SendWebhook } from '../../domain/webhooks/deliver-chain';

/**
 * POSTs a delivery; a 2xx within the timeout is delivered, anything else is retried. Unless insecure
 * endpoints are allowed (local development), it connects only to public addresses, checked and pinned at
 * each connection (see publicHttpClient): an endpoint whose name now resolves inside is refused, and retried
 * like any failure.
 */
export function httpSender(
  timeoutMs: number,
  options: { allowInsecure: boolean } & PublicClientOptions = { allowInsecure: false },
): SendWebhook {
  if (options.allowInsecure)
    return async (endpoint, headers, body) => {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
      // Drain the body so the connection is reused.
      await response.arrayBuffer().catch(() => undefined);
      return { ok: response.status >= 200 && response.status < 300, detail: `HTTP ${response.status}` };
    };
  const client = publicHttpClient(options);
  return async (endpoint, headers, body) => {
    try {
      const response = await client.request(endpoint, { method: 'POST', headers, body, timeoutMs });
      return { ok: response.status >= 200 && response.status < 300, detail: `HTTP ${response.status}` };
    } catch (err) {
      if (err instanceof OutboundRefused) return { ok: false, detail: `refused: ${err.message}` };
      throw err;
    }
  };
}
