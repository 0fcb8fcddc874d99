import type { AlertContact } from './alert-contacts';
import { callService } from './intake-client';

type Recipient = Pick<AlertContact, 'kind' | 'id'>;

/**
 * Provider-scheduling's doorbell API for the bot (its channel token of the alert's region): redeem a chat link
 * code, report a delivery, say a recipient goes (the first takes the alert; a later one is refused with who went).
 */
export class NeighbourHelpClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: (region?: string) => Promise<string>,
  ) {}

  /** The neighbour or coordinator a link code names (marked linked there); refused (400) when unknown or used. */
  async redeem(code: string): Promise<AlertContact & { village: string }> {
    return (
      await callService<AlertContact & { village: string }>(`${this.baseUrl}/chat-links`, {
        method: 'POST',
        token: await this.token(),
        body: { code },
      })
    ).body;
  }

  async reportDelivery(
    alertId: string,
    region: string,
    report: { recipient: Recipient; delivered: boolean; reason?: string },
  ): Promise<void> {
    await callService(`${this.baseUrl}/alerts/${encodeURIComponent(alertId)}/deliveries`, {
      method: 'POST',
      token: await this.token(region),
      body: report,
    });
  }

  async acknowledge(alertId: string, region: string, by: Recipient): Promise<void> {
    await callService(`${this.baseUrl}/alerts/${encodeURIComponent(alertId)}/acknowledgement`, {
      method: 'POST',
      token: await this.token(region),
      body: { by },
    });
  }
}
