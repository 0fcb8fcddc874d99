import { draft, ProviderScoreUpdated, topics, type Decision, type EventDraft } from '@carelink/contracts';
import type { ComplaintsContext } from '../complaint';

/** What a provider's score is computed from: each complaint counts once (ratings and upheld ones by id). */
export interface ProviderRecord {
  region: string;
  providerId: string;
  /** complaintId → rating 1..5 */
  ratings: Record<string, number>;
  /** complaint ids upheld against the provider */
  upheld: string[];
}

/**
 * The provider score (0–100, higher is better): the ratings part is 100 with no ratings, else the
 * average rating × 20 (5 stars = 100, 1 star = 20); each upheld complaint takes 10 points off; the
 * result is rounded and never below 0. A provider nobody complained about scores 100.
 */
export function providerScore(record: Pick<ProviderRecord, 'ratings' | 'upheld'>) {
  const scores = Object.values(record.ratings);
  const count = scores.length;
  const average = count === 0 ? 0 : scores.reduce((a, b) => a + b, 0) / count;
  const ratingsPart = count === 0 ? 100 : average * 20;
  return {
    score: Math.max(0, Math.min(100, Math.round(ratingsPart - 10 * record.upheld.length))),
    ratings: { count, averageTenths: Math.round(average * 10) },
    upheldComplaints: record.upheld.length,
  };
}

export type ProviderFact =
  { kind: 'rated'; complaintId: string; score: number } | { kind: 'resolved'; complaintId: string; upheld: boolean };

/**
 * Applies a fact about one complaint to a provider's record. Idempotent: a fact already counted changes
 * nothing and yields no event; a complaint resolved again as not upheld (after reopening) stops counting.
 */
export function applyProviderFact(
  record: ProviderRecord,
  fact: ProviderFact,
  now: Date,
): { record: ProviderRecord; events: EventDraft[] } {
  let next = record;
  if (fact.kind === 'rated' && record.ratings[fact.complaintId] !== fact.score)
    next = { ...record, ratings: { ...record.ratings, [fact.complaintId]: fact.score } };
  if (fact.kind === 'resolved') {
    const counted = record.upheld.includes(fact.complaintId);
    if (fact.upheld && !counted) next = { ...record, upheld: [...record.upheld, fact.complaintId] };
    if (!fact.upheld && counted) next = { ...record, upheld: record.upheld.filter((id) => id !== fact.complaintId) };
  }
  if (next === record) return { record, events: [] };
  const updated = draft(topics.providerScores, ProviderScoreUpdated, {
    key: record.providerId,
    data: {
      region: record.region,
      providerId: record.providerId,
      ...providerScore(next),
      computedAt: now.toISOString(),
    },
  });
  return { record: next, events: [updated] };
}

/** A provider's record: one per region and provider. */
export function providerRecordId(region: string, providerId: string): string {
  return `${region}/${providerId}`;
}

/**
 * CountProviderFact: a rating or a resolution counts against the provider (its record is made on the first
 * fact); the score is republished when it changed. A fact counted already changes nothing.
 */
export function countProviderFact(
  current: ProviderRecord | undefined,
  command: { region: string; providerId: string; fact: ProviderFact },
  ctx: Pick<ComplaintsContext, 'now'>,
): Decision<ProviderRecord> {
  const { region, providerId, fact } = command;
  const record = current ?? { region, providerId, ratings: {}, upheld: [] };
  const { record: next, events } = applyProviderFact(record, fact, ctx.now);
  return events.length === 0 ? {} : { state: next, events };
}
