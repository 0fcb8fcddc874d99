import type { Decision, UseCaseContext } from '@carelink/contracts';

/**
 * The second factor of a resident's look-up (查询进度 by phone or ID number through the chat bot or the
 * hotline): a short one-time code texted to the phone on file, which the caller types in. A code is kept per
 * target (the phone asked about, or the person an ID number stands for), as a keyed digest, for a few minutes;
 * it answers once, and a few wrong tries void it.
 */
export interface LookupCode {
  /** Keyed digest of the code with its target: the code itself is never stored. */
  codeDigest: string;
  /** The region of the asking channel: the code answers only there. */
  region: string;
  /** The persons the code was sent for, to their confirmed phone: a right code answers for them. */
  personIds: string[];
  /**
   * Persons holding the asked phone unconfirmed, whose confirmed phone got the code: a right code, typed in
   * where the new phone was given, confirms the new phone (and answers for them).
   */
  confirming: string[];
  issuedAt: Date;
  expiresAt: Date;
  /** Wrong codes tried. */
  attempts: number;
  used: boolean;
}

export const lookupCodeRules = {
  digits: 6,
  ttlSeconds: 300,
  /** Wrong tries before the code is void. */
  maxAttempts: 5,
} as const;

/** At most `limit` in each window of `windowSeconds`. */
export interface LookupLimit {
  limit: number;
  windowSeconds: number;
}

/**
 * How often codes may be asked for and look-ups made through a channel or the hotline, per caller (the
 * adapter and the resident it speaks for) and per target (the phone or person asked about).
 */
export const lookupLimits: Record<'codes' | 'lookups', { perCaller: LookupLimit; perTarget: LookupLimit }> = {
  codes: { perCaller: { limit: 5, windowSeconds: 900 }, perTarget: { limit: 3, windowSeconds: 900 } },
  lookups: { perCaller: { limit: 10, windowSeconds: 900 }, perTarget: { limit: 10, windowSeconds: 900 } },
};

/** Why a code did not answer (all refused alike: the caller is not told which). */
export type CodeRefusal = 'no_code' | 'expired' | 'used' | 'wrong' | 'too_many_attempts';

export type CodeCheck = { ok: true; personIds: string[]; confirming: string[] } | { ok: false; reason: CodeRefusal };

/** A new code for a target: it replaces any earlier one (whose tries and use no longer matter). */
export function decideIssueLookupCode(
  _current: LookupCode | undefined,
  issue: { codeDigest: string; region: string; personIds: string[]; confirming: string[] },
  ctx: UseCaseContext,
): Decision<LookupCode, { expiresAt: Date }> {
  const expiresAt = new Date(ctx.now.getTime() + lookupCodeRules.ttlSeconds * 1000);
  return {
    state: { ...issue, issuedAt: ctx.now, expiresAt, attempts: 0, used: false },
    result: { expiresAt },
  };
}

/** A code typed in: it answers once, within its time, in its region, before too many wrong tries. */
export function decideUseLookupCode(
  current: LookupCode | undefined,
  given: { codeDigest: string; region: string },
  ctx: UseCaseContext,
): Decision<LookupCode, CodeCheck> {
  const refuse = (reason: CodeRefusal) => ({ result: { ok: false as const, reason } });
  if (!current || current.region !== given.region) return refuse('no_code');
  if (current.used) return refuse('used');
  if (current.expiresAt.getTime() <= ctx.now.getTime()) return refuse('expired');
  if (current.attempts >= lookupCodeRules.maxAttempts) return refuse('too_many_attempts');
  if (current.codeDigest !== given.codeDigest)
    return { state: { ...current, attempts: current.attempts + 1 }, ...refuse('wrong') };
  return {
    state: { ...current, used: true },
    result: { ok: true, personIds: current.personIds, confirming: current.confirming },
  };
}

/** What the text says: a look-up's code, or the confirmation of a new phone sent to the phone on file. */
export function lookupCodeText(
  code: string,
  to: { purpose: 'look_up' } | { purpose: 'confirm_phone'; newPhoneMasked: string },
  regionName: string,
): string {
  const minutes = Math.round(lookupCodeRules.ttlSeconds / 60);
  if (to.purpose === 'look_up')
    return `【${regionName}社会救助】您的查询验证码是${code}，${minutes}分钟内有效。请勿告诉他人；如非本人操作，请忽略本短信。`;
  return `【${regionName}社会救助】有人用新手机号${to.newPhoneMasked}查询您的申请。如是您本人更换号码，请在查询时输入验证码${code}确认（${minutes}分钟内有效）；如非本人操作，请勿告诉他人。`;
}

/** A phone as a text may show it: 138****5678. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****';
}
