import { DomainError } from '@carelink/contracts';
import { yuan } from './yuan';

/**
 * The cap on government-purchased assistance services (Chizhou 000 三(四)3: ≤ 1 %; Changji 001 四(五): ≤ 3 % of the
 * assistance funds pooled locally), checked when the county approves a statement: what the county's capped sources
 * already paid this budget year (`cappedFen` over the ledger of approved statements) plus what this statement
 * would draw from them (`cappedFen` over its allocations) must stay within the cap. Integer fen and basis points;
 * the cap is rounded down to the fen (the plans say "不超过", not more than).
 */
export interface CapInput {
  /** The pack's `funding.purchasedServicesCap.basisPoints` (100 = 1 %). */
  capBasisPoints: number;
  /** The county's pooled assistance funds for the year (`pooledAssistanceFundsFen`). */
  baseFen: number;
  /** Already drawn from capped sources this budget year. */
  usedFen: number;
  /** What this statement would draw from capped sources. */
  thisStatementFen: number;
}

interface CapFigures {
  capBasisPoints: number;
  baseFen: number;
  capFen: number;
  usedFen: number;
  thisStatementFen: number;
}

export type CapCheck =
  | (CapFigures & { ok: true; /** What is left under the cap after this statement. */ remainingFen: number })
  | (CapFigures & {
      ok: false;
      /** How far this statement would take the use over the cap. */ overByFen: number;
      message: { zh: string; en: string };
    });

/** The cap in fen: base × basis points ÷ 10000, rounded down, in integers (no float, no overflow). */
export function capFenOf(baseFen: number, capBasisPoints: number): number {
  return Number((BigInt(baseFen) * BigInt(capBasisPoints)) / 10_000n);
}

/** A share in basis points as people write it: 100 → "1%", 250 → "2.5%". */
function percent(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const rest = basisPoints % 100;
  return `${whole}${rest ? `.${String(rest).padStart(2, '0').replace(/0$/, '')}` : ''}%`;
}

/** Whether the statement passes the cap; refused, with the figures and a message for the county clerk. */
export function checkPurchasedServicesCap(input: CapInput): CapCheck {
  for (const [key, value] of Object.entries(input))
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`${key} is a whole number, 0 or more (fen or basis points), not ${value}`);
  const capFen = capFenOf(input.baseFen, input.capBasisPoints);
  const figures: CapFigures = { ...input, capFen };
  const after = input.usedFen + input.thisStatementFen;
  if (after <= capFen) return { ...figures, ok: true, remainingFen: capFen - after };
  const overByFen = after - capFen;
  const share = percent(input.capBasisPoints);
  return {
    ...figures,
    ok: false,
    overByFen,
    message: {
      zh:
        `本结算单将使政府购买社会救助服务资金超出上限：上限 ${yuan(capFen)}（社会救助资金总额 ${yuan(input.baseFen)} 的 ${share}），` +
        `本年度已使用 ${yuan(input.usedFen)}，本结算单 ${yuan(input.thisStatementFen)}，超出 ${yuan(overByFen)}。`,
      en:
        `This statement would take purchased assistance services over the cap: cap ${yuan(capFen)} (${share} of ` +
        `${yuan(input.baseFen)} pooled assistance funds), used this year ${yuan(input.usedFen)}, this statement ` +
        `${yuan(input.thisStatementFen)}, over by ${yuan(overByFen)}.`,
    },
  };
}

/**
 * The refusal as the approval use case throws it: 422 `purchased_services_cap_exceeded`, the clerk's message in
 * English and Chinese, and the figures (fen) under `errors[0]` for the console to show.
 */
export function purchasedServicesCapExceeded(refused: Extract<CapCheck, { ok: false }>): DomainError {
  return DomainError.unprocessable('purchased_services_cap_exceeded', refused.message.en, refused.message.zh, [
    {
      path: 'funding.purchasedServicesCap',
      code: 'purchased_services_cap_exceeded',
      message: refused.message.zh,
      capBasisPoints: refused.capBasisPoints,
      baseFen: refused.baseFen,
      capFen: refused.capFen,
      usedFen: refused.usedFen,
      thisStatementFen: refused.thisStatementFen,
      overByFen: refused.overByFen,
    },
  ]);
}
