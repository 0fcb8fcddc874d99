import fc from 'fast-check';
import { checkCharacter, maskResidentId, parseResidentId } from '../src/resident-id';
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

  it('masks all but the address code and last four', () => {
    expect(maskResidentId(GUICHI_MALE_1950)).toBe(`341702********${GUICHI_MALE_1950.slice(14)}`);
  });
});
