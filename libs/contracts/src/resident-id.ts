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

/**
 * For logs, notices, events and screens: keeps the first 3 and the last 2 characters (341*************76).
 * The 13 hidden characters (the rest of the address code, the birth date and most of the sequence) leave
 * hundreds of thousands of valid numbers for a county, and still thousands beside an age in whole years
 * (`idNumberCandidates`), so a mask never rebuilds to the number. Masking a masked number changes nothing
 * more than cutting it down to this form (an older 341702********7776 becomes 341*************76).
 */
export function maskResidentId(id: string): string {
  if (id.length < 6) return '*'.repeat(id.length);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 5)}${id.slice(-2)}`;
}

/**
 * A person's name as the public notice and the bots show it: 王秀英 → 王*英, 张三 → 张*, 欧阳娜娜 → 欧**娜; a single
 * character stays. Enough for a person to recognise their own, not for a stranger to learn it.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return name.trim();
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

const CHINA_OFFSET_MS = 8 * 3600_000;

/**
 * Full years of age (周岁) of someone born on `birthDate` (YYYY-MM-DD) on the calendar day a moment falls on
 * in China (UTC+8, no daylight saving): the age on the day of registration that events carry instead of the
 * birth date.
 */
export function ageInFullYears(birthDate: string, at: Date | string): number {
  return fullYearsOn(birthDate, chinaDay(at));
}

function chinaDay(at: Date | string): string {
  return new Date(new Date(at).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Full years between a birth date and a day (both YYYY-MM-DD). */
function fullYearsOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** What an onlooker knows beside a masked ID number. */
export interface KnownBesideMask {
  /** The address codes they would try (at best the county of the person's address, which records carry). */
  addressCodes: string[];
  /** The birth date, when shown beside the mask. */
  birthDate?: string;
  /** The age in full years on a moment (China calendar day), when shown beside the mask. */
  age?: { years: number; at: Date | string };
  /** The latest birth date possible (YYYY-MM-DD); the earliest is 1900-01-01 (GB 11643 as parsed here). */
  latestBirthDate: string;
}

/**
 * How many valid ID numbers (GB 11643: address code, real birth date, sequence, MOD 11-2 check character)
 * fit a masked number (`*` for each hidden character) and what is known beside it: the number of guesses
 * left to whoever wants the full number back. One means the mask rebuilds. Each candidate birth date counts
 * the sequences whose check character fits, from a table of the 11 residues, so a whole century is cheap.
 */
export function idNumberCandidates(masked: string, known: KnownBesideMask): number {
  if (masked.length !== 18) return 0;
  const fits = (from: number, chars: string) =>
    [...chars].every((c, i) => masked[from + i] === '*' || masked[from + i] === c);
  const weighted = (from: number, digits: string) =>
    [...digits].reduce((sum, c, i) => sum + Number(c) * WEIGHTS[from + i]!, 0);

  // Sequence and check character: for each residue of the first 14 digits' weighted sum, how many fit.
  const tail = Array.from({ length: 11 }, () => 0);
  for (let seq = 0; seq < 1000; seq++) {
    const digits = String(seq).padStart(3, '0');
    if (!fits(14, digits)) continue;
    const t = weighted(14, digits);
    for (let r = 0; r < 11; r++) if (fits(17, CHECK_CHARS[(r + t) % 11]!)) tail[r]!++;
  }

  const addresses = known.addressCodes.filter((a) => /^[1-8]\d{5}$/.test(a) && fits(0, a)).map((a) => weighted(0, a));
  let total = 0;
  for (const birth of birthDatesOf(known)) {
    const digits = birth.replace(/-/g, '');
    if (!fits(6, digits)) continue;
    const b = weighted(6, digits);
    for (const a of addresses) total += tail[(a + b) % 11]!;
  }
  return total;
}

function birthDatesOf(known: KnownBesideMask): string[] {
  if (known.birthDate) return [known.birthDate];
  const out: string[] = [];
  let first = Date.UTC(1900, 0, 1);
  let last = Date.parse(`${known.latestBirthDate}T00:00:00Z`);
  const on = known.age ? chinaDay(known.age.at) : undefined;
  if (on) {
    // Born within the two calendar years before the age was reached (checked day by day below).
    const born = Number(on.slice(0, 4)) - known.age!.years;
    first = Math.max(first, Date.UTC(born - 1, 0, 1));
    last = Math.min(last, Date.UTC(born, 11, 31));
  }
  for (let t = first; t <= last; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    if (!on || fullYearsOn(day, on) === known.age!.years) out.push(day);
  }
  return out;
}
