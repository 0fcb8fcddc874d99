import { z } from 'zod';

/**
 * Barthel index of activities of daily living (Mahoney & Barthel 1965; the 10-item, 0–100 form used in
 * China's 老年人能力评估). Each item takes only its standard scores.
 */
const scores = (...allowed: number[]) =>
  z
    .number()
    .int()
    .refine((n) => allowed.includes(n), `one of ${allowed.join(', ')}`);

export const barthelItems = z.object({
  feeding: scores(0, 5, 10), // 进食
  bathing: scores(0, 5), // 洗澡
  grooming: scores(0, 5), // 修饰
  dressing: scores(0, 5, 10), // 穿衣
  bowels: scores(0, 5, 10), // 控制大便
  bladder: scores(0, 5, 10), // 控制小便
  toiletUse: scores(0, 5, 10), // 如厕
  transfers: scores(0, 5, 10, 15), // 床椅转移
  mobility: scores(0, 5, 10, 15), // 平地行走
  stairs: scores(0, 5, 10), // 上下楼梯
});
export type BarthelItems = z.infer<typeof barthelItems>;

export type BarthelBand = 'independent' | 'mild' | 'moderate' | 'severe';

export const barthelBandNames: Record<BarthelBand, string> = {
  independent: '生活自理',
  mild: '轻度依赖',
  moderate: '中度依赖',
  severe: '重度依赖',
};

/** Standard bands: 100 independent, 61–99 mild, 41–60 moderate, 0–40 severe dependency. */
export function barthelBand(score: number): BarthelBand {
  if (score >= 100) return 'independent';
  if (score > 60) return 'mild';
  if (score > 40) return 'moderate';
  return 'severe';
}

export function barthelScore(items: BarthelItems): { score: number; band: BarthelBand } {
  const score = Object.values(items).reduce((a, b) => a + b, 0);
  return { score, band: barthelBand(score) };
}
