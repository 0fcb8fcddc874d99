import type { ComplaintFilings } from '../domain/file-complaint/file-complaint';
import type { ComplaintFiling } from '../domain/file-complaint/filing';
import { callService } from './intake-client';

/**
 * The complaints service's resident-facing API (POST /complaints, ratings, attachments). `token` gives the
 * adapter token of a region (a complaint is filed with the token of its region), or of the bot's region.
 */
export class ComplaintsClient implements ComplaintFilings {
  constructor(
    private readonly baseUrl: string,
    private readonly token: (region?: string) => Promise<string>,
  ) {}

  /** Files a complaint; the same idempotency key returns the first complaint instead of making a second. */
  async file(
    filing: ComplaintFiling,
    idempotencyKey: string,
  ): Promise<{ complaintId: string; complaintNumber: string; status: string }> {
    return (
      await callService<{ complaintId: string; complaintNumber: string; status: string }>(
        `${this.baseUrl}/complaints`,
        {
          method: 'POST',
          token: await this.token(filing.region),
          body: filing,
          headers: { 'idempotency-key': idempotencyKey },
        },
      )
    ).body;
  }

  async rate(complaintId: string, score: number): Promise<void> {
    await callService(`${this.baseUrl}/complaints/${complaintId}/rating`, {
      method: 'POST',
      token: await this.token(),
      body: { score },
    });
  }

  /** Uploads a voice note before the complaint it belongs to, with the token of the complaint's region. */
  async attach(bytes: Buffer, contentType: string, region: string): Promise<string> {
    return (
      await callService<{ attachmentId: string }>(`${this.baseUrl}/attachments?kind=voice_note`, {
        method: 'POST',
        token: await this.token(region),
        raw: { bytes, contentType },
      })
    ).body.attachmentId;
  }
}
