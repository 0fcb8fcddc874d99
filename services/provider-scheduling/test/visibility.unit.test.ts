import { ASSIGNMENT } from '../src/domain/assignment';
import { assertMaySee, viewerOf, visibleRecord } from '../src/domain/visibility';
import { codeOf, providerStaff, townshipCaseworker } from './fixtures';

const record = { providerId: 'prov-a', township: '341702001' };

describe('who sees assignments and visits', () => {
  it('Given provider staff, Then they list by their provider; Given township staff, Then by their jurisdiction', () => {
    expect(viewerOf(providerStaff('prov-a'))).toEqual({ kind: 'provider', providerId: 'prov-a' });
    expect(viewerOf(townshipCaseworker('341702001'))).toEqual({ kind: 'jurisdiction', jurisdiction: '341702001' });
  });

  it('Given a provider token without a provider, When it lists, Then provider_required', () => {
    expect(codeOf(() => viewerOf(providerStaff(null)))).toBe('provider_required');
  });

  it("Given a record of provider A in township 341702001, Then A's staff and that township see it, others do not", () => {
    expect(codeOf(() => assertMaySee(providerStaff('prov-a'), record))).toBe('no error');
    expect(codeOf(() => assertMaySee(providerStaff('prov-b'), record))).toBe('other_provider');
    expect(codeOf(() => assertMaySee(townshipCaseworker('341702001'), record))).toBe('no error');
    expect(codeOf(() => assertMaySee(townshipCaseworker('341702002'), record))).toBe('outside_jurisdiction');
  });

  it('Given a record asked for by id, Then it is answered when seen, not_found when there is none, refused when not the caller’s', () => {
    expect(visibleRecord(providerStaff('prov-a'), record, ASSIGNMENT)).toBe(record);
    expect(codeOf(() => visibleRecord(providerStaff('prov-a'), undefined, ASSIGNMENT))).toBe('not_found');
    expect(codeOf(() => visibleRecord(townshipCaseworker('341702002'), record, ASSIGNMENT))).toBe(
      'outside_jurisdiction',
    );
  });
});
