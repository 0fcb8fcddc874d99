/**
 * The Barthel index of activities of daily living as the platform records it (libs/policy/src/barthel.ts: the
 * 10-item, 0–100 form of China's 老年人能力评估): each item with the scores it may take, in form order. The
 * service checks the scores again; this table is for the form and its live total.
 */
export const BARTHEL_ITEMS = [
  { key: 'feeding', scores: [0, 5, 10] },
  { key: 'bathing', scores: [0, 5] },
  { key: 'grooming', scores: [0, 5] },
  { key: 'dressing', scores: [0, 5, 10] },
  { key: 'bowels', scores: [0, 5, 10] },
  { key: 'bladder', scores: [0, 5, 10] },
  { key: 'toiletUse', scores: [0, 5, 10] },
  { key: 'transfers', scores: [0, 5, 10, 15] },
  { key: 'mobility', scores: [0, 5, 10, 15] },
  { key: 'stairs', scores: [0, 5, 10] },
] as const;

export type BarthelKey = (typeof BARTHEL_ITEMS)[number]['key'];
export type BarthelBand = 'independent' | 'mild' | 'moderate' | 'severe';

/** Standard bands: 100 independent, 61–99 mild, 41–60 moderate, 0–40 severe dependency. */
export function barthelBand(score: number): BarthelBand {
  if (score >= 100) return 'independent';
  if (score > 60) return 'mild';
  if (score > 40) return 'moderate';
  return 'severe';
}

/** The total of the items scored so far, and how many are not scored yet. */
export function barthelTotal(values: Partial<Record<BarthelKey, number | undefined>> | undefined): {
  score: number;
  missing: number;
  band: BarthelBand;
} {
  let score = 0;
  let missing = 0;
  for (const { key } of BARTHEL_ITEMS) {
    const v = values?.[key];
    if (typeof v === 'number') score += v;
    else missing++;
  }
  return { score, missing, band: barthelBand(score) };
}
