import fc from 'fast-check';
import {
  ageInFullYears,
  checkCharacter,
  idNumberCandidates,
  maskResidentId,
  parseResidentId,
} from '../src/resident-id';
import { residentIdNumber } from '../src/values';

// Constructed numbers (address code of 贵池区 341702, 昌吉市 652301) with check digits computed by hand
// from the GB 11643 weights: 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, MOD 11 → 1 0 X 9 8 7 6 5 4 3 2.
const GUICHI_MALE_1950 = '34170219500101001' + checkCharacter('34170219500101001');

describe('GB 11643 resident ID numbers', () => {
  it('computes the published example check digit (11010519491231002X)', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(parseResidentId('11010519491231002x')).toEqual({
      ok: true,
      facts: { idNumber: '11010519491231002X', addressCode: '110105', birthDate: '1949-12-31', sex: 'female' },
    });
  });

  it('derives birth date and sex', () => {
    const parsed = parseResidentId(GUICHI_MALE_1950);
    expect(parsed).toMatchObject({ ok: true, facts: { birthDate: '1950-01-01', sex: 'male', addressCode: '341702' } });
  });

  it.each([
    ['3417021950010100', 'format'],
    ['34170219500101001Y', 'format'],
    ['04170219500101001' + checkCharacter('04170219500101001'), 'address_code'],
    ['34170219500230001' + checkCharacter('34170219500230001'), 'birth_date'],
    ['34170230000101001' + checkCharacter('34170230000101001'), 'birth_date'],
  ])('rejects %s (%s)', (id, problem) => {
    expect(parseResidentId(id, new Date('2026-11-25'))).toEqual({ ok: false, problem });
  });

  it('rejects every wrong check character', () => {
    const right = GUICHI_MALE_1950[17];
    for (const c of '0123456789X'.split('').filter((c) => c !== right)) {
      expect(parseResidentId(GUICHI_MALE_1950.slice(0, 17) + c)).toEqual({ ok: false, problem: 'check_digit' });
    }
  });

  it('accepts exactly the numbers whose check character matches (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[1-8]\d{5}(19[5-9]\d|200\d)(0[1-9]|1[0-2])(0[1-9]|1\d|2[0-8])\d{3}$/),
        fc.constantFrom(...'0123456789X'),
        (first17, last) => {
          const ok = parseResidentId(first17 + last).ok;
          expect(ok).toBe(checkCharacter(first17) === last);
          expect(residentIdNumber.safeParse(first17 + last).success).toBe(ok);
        },
      ),
    );
  });

  it('masks all but the first 3 and the last 2 characters; a masked number only gets shorter', () => {
    expect(maskResidentId(GUICHI_MALE_1950)).toBe(`341*************${GUICHI_MALE_1950.slice(16)}`);
    expect(maskResidentId(`341702********${GUICHI_MALE_1950.slice(14)}`)).toBe(maskResidentId(GUICHI_MALE_1950));
    expect(maskResidentId(maskResidentId(GUICHI_MALE_1950))).toBe(maskResidentId(GUICHI_MALE_1950));
  });

  it('counts full years of age on the China calendar day', () => {
    expect(ageInFullYears('1966-11-26', new Date('2026-11-25T15:59:59Z'))).toBe(59);
    expect(ageInFullYears('1966-11-26', new Date('2026-11-25T16:00:00Z'))).toBe(60);
    expect(ageInFullYears('2000-02-29', '2026-02-28T12:00:00+08:00')).toBe(25);
  });
});

describe('how many ID numbers a mask and what travels beside it leave', () => {
  const county = { addressCodes: ['341702'], latestBirthDate: '2026-11-25' };

  it('counts what brute force counts', () => {
    // Hidden: the sequence; known: address, birth date, check character.
    const masked = `34170219500101***${GUICHI_MALE_1950[17]}`;
    const brute = Array.from({ length: 1000 }, (_, n) => `34170219500101${String(n).padStart(3, '0')}`).filter(
      (first17) => checkCharacter(first17) === GUICHI_MALE_1950[17],
    ).length;
    expect(idNumberCandidates(masked, { ...county, birthDate: '1950-01-01' })).toBe(brute);
  });

  it('an age narrows birth dates to those of that age on that day, and no further', () => {
    const masked = maskResidentId(GUICHI_MALE_1950);
    const at = '2026-11-25T08:00:00+08:00';
    let dayByDay = 0;
    for (let t = Date.UTC(1945, 0, 1); t <= Date.UTC(1955, 11, 31); t += 86_400_000) {
      const birthDate = new Date(t).toISOString().slice(0, 10);
      if (ageInFullYears(birthDate, at) === 76) dayByDay += idNumberCandidates(masked, { ...county, birthDate });
    }
    expect(idNumberCandidates(masked, { ...county, age: { years: 76, at } })).toBe(dayByDay);
  });

  it('the old mask beside the birth date rebuilds to the one number', () => {
    const old = `341702********${GUICHI_MALE_1950.slice(14)}`;
    expect(idNumberCandidates(old, { ...county, birthDate: '1950-01-01' })).toBe(1);
  });

  it('the 3+2 mask leaves thousands beside the county and an age, and far more alone', () => {
    const masked = maskResidentId(GUICHI_MALE_1950);
    const withAge = idNumberCandidates(masked, { ...county, age: { years: 76, at: '2026-11-25T08:00:00+08:00' } });
    expect(withAge).toBeGreaterThan(3000);
    expect(idNumberCandidates(masked, county)).toBeGreaterThan(300_000);
    // The real number is among them, and a county the mask does not fit leaves none.
    expect(idNumberCandidates(masked, { ...county, birthDate: '1950-01-01' })).toBeGreaterThan(0);
    expect(idNumberCandidates(masked, { ...county, addressCodes: ['652301'] })).toBe(0);
  });
});
