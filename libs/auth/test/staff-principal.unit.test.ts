import { assertCovers, covers, InvalidToken, issueStaffToken, verifyStaffToken, type StaffPrincipal } from '../src';

const secret = 'test-secret-that-is-long-enough-0123456789';
const township: StaffPrincipal = {
  sub: 'staff-1',
  role: 'township_caseworker',
  region: 'chizhou',
  jurisdiction: '341702001',
};

describe('staff tokens and jurisdictions', () => {
  it('round-trips a principal', async () => {
    const token = await issueStaffToken(township, secret);
    await expect(verifyStaffToken(token, secret)).resolves.toMatchObject(township);
  });

  it('rejects a token signed with another secret, or expired', async () => {
    const token = await issueStaffToken(township, secret);
    await expect(verifyStaffToken(token, secret.replace('0', 'x'))).rejects.toBeInstanceOf(InvalidToken);
    const expired = await issueStaffToken(township, secret, '-1s');
    await expect(verifyStaffToken(expired, secret)).rejects.toBeInstanceOf(InvalidToken);
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
