import { providerNames } from '../src/domain/register-contract/provider-names';

describe("the names of a region's providers", () => {
  it('gives one name per provider, the one on its latest contract', () => {
    expect(
      providerNames([
        { providerId: 'sunshine', providerName: '阳光助老服务社', validFrom: '2025-01-01' },
        { providerId: 'sunshine', providerName: '阳光助老社会工作服务中心', validFrom: '2026-01-01' },
        { providerId: 'anxin', providerName: '安心家政', validFrom: '2026-01-01' },
        { providerId: 'sunshine', providerName: '阳光（旧名）', validFrom: '2024-01-01' },
      ]),
    ).toEqual([
      { providerId: 'anxin', name: '安心家政' },
      { providerId: 'sunshine', name: '阳光助老社会工作服务中心' },
    ]);
  });

  it('is empty without contracts', () => {
    expect(providerNames([])).toEqual([]);
  });
});
