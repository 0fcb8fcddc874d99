import type { SendWebhook } from '../../domain/webhooks/deliver-chain';

/** POSTs a delivery; a 2xx within the timeout is delivered, anything else is retried. */
export function httpSender(timeoutMs: number): SendWebhook {
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
}
