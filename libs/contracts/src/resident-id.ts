/**
 * Chinese resident identity number (公民身份号码), GB 11643-1999: 6-digit address code, 8-digit birth date,
 * 3-digit sequence (odd = male, even = female) and an ISO 7064 MOD 11-2 check character (0-9 or X).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type ResidentIdProblem = 'format' | 'address_code' | 'birth_date' | 'check_digit';

export interface ResidentIdFacts {
  /** Normalised: upper-case X. */
  idNumber: string;
  addressCode: string;
  /** ISO date, YYYY-MM-DD. */
  birthDate: string;
  sex: 'male' | 'female';
}

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Parses an ID number; returns its facts or the first problem found. `today` bounds the birth date. */
export function parseResidentId(
  raw: string,
  today: Date = new Date(),
): { ok: true; facts: ResidentIdFacts } | { ok: false; problem: ResidentIdProblem } {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  if (!/^[1-8]\d{5}$/.test(id.slice(0, 6))) return { ok: false, problem: 'address_code' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  const valid = y >= 1900 && birth.getUTCFullYear() === y && birth.getUTCMonth() === m - 1 && birth.getUTCDate() === d;
  if (!valid || birth.getTime() > today.getTime()) return { ok: false, problem: 'birth_date' };
  if (checkCharacter(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'check_digit' };
  return {
    ok: true,
    facts: {
      idNumber: id,
      addressCode: id.slice(0, 6),
      birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    },
  };
}

export const residentIdProblemText: Record<ResidentIdProblem, { zh: string; en: string }> = {
  format: {
    zh: '身份证号码应为18位，前17位为数字，最后一位为数字或X',
    en: 'an ID number has 17 digits followed by a digit or X',
  },
  address_code: { zh: '身份证号码前6位地址码不正确', en: 'the 6-digit address code is not valid' },
  birth_date: { zh: '身份证号码中的出生日期不正确', en: 'the birth date inside the ID number is not a real past date' },
  check_digit: { zh: '身份证号码校验位不正确，请核对后重新输入', en: 'the check digit does not match (GB 11643)' },
};

/** For logs, notices and screens: keeps the first 6 and last 4 characters (341702********1234). */
export function maskResidentId(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}
