import {
  assertCovers,
  covers,
  generateTokenKeys,
  InvalidToken,
  issueStaffToken,
  verifyStaffToken,
  type StaffPrincipal,
} from '../src';

const township: StaffPrincipal = {
  sub: 'staff-1',
  role: 'township_caseworker',
  region: 'chizhou',
  jurisdiction: '341702001',
};

describe('staff tokens and jurisdictions', () => {
  it('round-trips a principal', async () => {
    const keys = await generateTokenKeys('staff-test');
    const token = await issueStaffToken(township, keys.signingKey);
    await expect(verifyStaffToken(token, keys.publicKeys)).resolves.toMatchObject(township);
  });

  it('rejects a token signed with another key, or expired', async () => {
    const [keys, other] = await Promise.all([generateTokenKeys('staff-a'), generateTokenKeys('staff-b')]);
    const token = await issueStaffToken(township, keys.signingKey);
    await expect(verifyStaffToken(token, other.publicKeys)).rejects.toBeInstanceOf(InvalidToken);
    const expired = await issueStaffToken(township, keys.signingKey, '-1s');
    await expect(verifyStaffToken(expired, keys.publicKeys)).rejects.toBeInstanceOf(InvalidToken);
  });

  it('scopes by jurisdiction prefix: county covers its townships, a township not its neighbour', () => {
    expect(covers({ jurisdiction: '341702' }, '341702001')).toBe(true);
    expect(covers(township, '341702001201')).toBe(true);
    expect(covers(township, '341702002')).toBe(false);
    expect(covers(township, '341702')).toBe(false);
  });

  it("holds the token's region to a record's region: a code prefix alone does not cover another region's record", () => {
    const provinceWide = { ...township, jurisdiction: '34' };
    expect(covers(provinceWide, '341702001', 'chizhou')).toBe(true);
    expect(covers(provinceWide, '341702001', 'changji')).toBe(false);
    expect(() => assertCovers(provinceWide, '341702001', 'changji')).toThrow(
      expect.objectContaining({ kind: 'forbidden', code: 'outside_jurisdiction' }),
    );
    expect(() => assertCovers(township, '341702001', 'chizhou')).not.toThrow();
  });
});
