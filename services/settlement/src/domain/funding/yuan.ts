/**
 * An amount in integer fen as a clerk reads it in a message: `¥1,234.56`, `-¥2.50`. Integer arithmetic only (no
 * division into a float), so ¥ amounts of any size print exactly.
 */
export function yuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`an amount in fen is a safe integer, not ${fen}`);
  const abs = BigInt(Math.abs(fen));
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${fen < 0 ? '-' : ''}¥${whole}.${cents}`;
}
