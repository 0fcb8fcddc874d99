import { useCaseContext } from '@carelink/contracts';
import {
  decideIssueLookupCode,
  decideUseLookupCode,
  lookupCodeRules,
  lookupCodeText,
  maskPhone,
} from '../src/domain/follow-progress/lookup-code';

const issuedAt = new Date('2026-11-25T08:30:00.000Z');
const at = (seconds: number) => useCaseContext(new Date(issuedAt.getTime() + seconds * 1000));
const issued = decideIssueLookupCode(
  undefined,
  { codeDigest: 'right', region: 'chizhou', personIds: ['p_a'], confirming: [] },
  at(0),
).state!;

describe('one-time look-up codes', () => {
  it('answers once for the persons it was sent for', () => {
    const first = decideUseLookupCode(issued, { codeDigest: 'right', region: 'chizhou' }, at(10));
    expect(first.result).toEqual({ ok: true, personIds: ['p_a'], confirming: [] });
    expect(decideUseLookupCode(first.state, { codeDigest: 'right', region: 'chizhou' }, at(20)).result).toEqual({
      ok: false,
      reason: 'used',
    });
  });

  it('refuses a code past its time, from another region, or when none was asked for', () => {
    const late = decideUseLookupCode(
      issued,
      { codeDigest: 'right', region: 'chizhou' },
      at(lookupCodeRules.ttlSeconds),
    );
    expect(late.result).toEqual({ ok: false, reason: 'expired' });
    expect(decideUseLookupCode(issued, { codeDigest: 'right', region: 'changji' }, at(1)).result).toMatchObject({
      ok: false,
    });
    expect(decideUseLookupCode(undefined, { codeDigest: 'right', region: 'chizhou' }, at(1)).result).toEqual({
      ok: false,
      reason: 'no_code',
    });
  });

  it('counts wrong tries and voids the code after too many, even for the right one', () => {
    let code = issued;
    for (let i = 0; i < lookupCodeRules.maxAttempts; i++) {
      const tried = decideUseLookupCode(code, { codeDigest: 'guess', region: 'chizhou' }, at(i + 1));
      expect(tried.result).toEqual({ ok: false, reason: 'wrong' });
      code = tried.state!;
    }
    expect(decideUseLookupCode(code, { codeDigest: 'right', region: 'chizhou' }, at(30)).result).toEqual({
      ok: false,
      reason: 'too_many_attempts',
    });
  });

  it('says in the text what the code is for, masking a new phone', () => {
    expect(lookupCodeText('012345', { purpose: 'look_up' }, '池州市')).toContain('查询验证码是012345');
    const confirm = lookupCodeText(
      '012345',
      { purpose: 'confirm_phone', newPhoneMasked: maskPhone('+8613800001234') },
      '池州市',
    );
    expect(confirm).toContain('138****1234');
    expect(confirm).not.toContain('13800001234');
  });
});
