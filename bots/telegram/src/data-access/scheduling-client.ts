import { DomainError } from '@carelink/contracts';
import type {
  AwaitingVisit,
  CodeOutcome,
  DisputeOutcome,
  VisitConfirmations,
} from '../domain/visit-confirmation/visit-confirmation';
import { callService } from './intake-client';

/** Tries left, as provider-scheduling's 422 wrong_confirmation_code says it (on the problem, or in its errors). */
function attemptsLeftOf(err: DomainError): number {
  const listed = err.details?.find((d) => typeof d.attemptsLeft === 'number')?.attemptsLeft;
  return typeof listed === 'number' ? listed : 0;
}

/**
 * provider-scheduling as the bot's channel adapter (its token of the visit's region): the visits of a case
 * awaiting confirmation, the code a resident typed, a dispute. Refusals are outcomes the conversation tells;
 * a service that cannot be reached is `unavailable` (the resident is asked to try again, nothing is lost: the
 * confirmation stays open until its time).
 */
export class SchedulingClient implements VisitConfirmations {
  constructor(
    private readonly baseUrl: string,
    private readonly token: (region: string) => Promise<string>,
  ) {}

  async awaiting(caseId: string, region: string): Promise<AwaitingVisit[]> {
    const { body } = await callService<{ visits: AwaitingVisit[] }>(
      `${this.baseUrl}/cases/${encodeURIComponent(caseId)}/visits/awaiting-confirmation`,
      { method: 'GET', token: await this.token(region) },
    );
    return body.visits;
  }

  async confirm(visitId: string, code: string, region: string): Promise<CodeOutcome> {
    try {
      await callService(`${this.baseUrl}/visits/${encodeURIComponent(visitId)}/confirmation`, {
        method: 'POST',
        token: await this.token(region),
        body: { code, via: 'telegram' },
      });
      return { kind: 'verified' };
    } catch (err) {
      if (!(err instanceof DomainError)) return { kind: 'unavailable' };
      if (err.code === 'wrong_confirmation_code') return { kind: 'wrong_code', attemptsLeft: attemptsLeftOf(err) };
      if (err.code === 'wrong_code_limit') return { kind: 'wrong_code_limit' };
      if (err.code === 'confirmation_closed') return { kind: 'confirmation_closed' };
      throw err;
    }
  }

  async dispute(visitId: string, region: string, reason?: string): Promise<DisputeOutcome> {
    try {
      await callService(`${this.baseUrl}/visits/${encodeURIComponent(visitId)}/dispute`, {
        method: 'POST',
        token: await this.token(region),
        body: { via: 'telegram', ...(reason ? { reason } : {}) },
      });
      return { kind: 'disputed' };
    } catch (err) {
      if (!(err instanceof DomainError)) return { kind: 'unavailable' };
      if (err.code === 'confirmation_closed') return { kind: 'confirmation_closed' };
      throw err;
    }
  }
}
