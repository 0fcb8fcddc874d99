import { describe, expect, it } from '@jest/globals';
import { readDirectory } from './directory-read';

describe('the directory of a region', () => {
  it('reads the BFF’s lists into names by code', () => {
    const d = readDirectory({
      region: { code: 'chizhou', name: '池州市', nameEn: 'Chizhou' },
      jurisdictions: [
        { code: '341702', name: '贵池区', level: 'county' },
        { code: '341702001', name: '池阳街道', level: 'township', parent: '341702' },
        { code: '341702001001', name: '演示社区', level: 'village', parent: '341702001' },
      ],
      items: [{ code: 'CZ-SH-01', name: '助餐服务', nameEn: 'Meals', category: '生活照料', delivery: 'purchased' }],
      departments: [{ code: 'health', name: '卫健委' }],
      targetGroups: [{ code: 'dibao', name: '低保对象' }],
      conditions: [
        { code: 'elderly', name: '老年人', derived: true },
        { code: 'serious_illness', name: '重病患者' },
      ],
      providers: [{ providerId: 'demo-cz-sunshine', name: '阳光社工（演示）' }],
      modes: [
        { code: 'neighbour_help', name: '邻里互助服务', nameEn: 'Neighbour mutual help', receiverKind: 'neighbours' },
      ],
      receivers: [{ code: 'red_vest_341702001201', kind: 'village_team', name: '示范社区甲“红马夹”帮扶队(示范)' }],
    });
    expect(d.modes.get('neighbour_help')).toMatchObject({
      nameEn: 'Neighbour mutual help',
      receiverKind: 'neighbours',
    });
    expect(d.receivers.get('red_vest_341702001201')).toMatchObject({ kind: 'village_team' });
    expect(d.region).toBe('chizhou');
    expect(d.regionName).toBe('池州市');
    expect(d.places.get('341702001')).toMatchObject({ name: '池阳街道', level: 'township', parent: '341702' });
    expect(d.items.get('CZ-SH-01')).toMatchObject({ name: '助餐服务', nameEn: 'Meals', category: '生活照料' });
    expect(d.providers.get('demo-cz-sunshine')?.name).toBe('阳光社工（演示）');
    expect([...d.conditions.values()].filter((c) => !c.derived).map((c) => c.code)).toEqual(['serious_illness']);
  });

  it('reads code → name maps, and places by the length of their codes', () => {
    const d = readDirectory({
      jurisdictions: { '652301': '昌吉市', '652301101': '榆树沟镇' },
      departments: { civil: '民政局' },
    });
    expect(d.places.get('652301101')).toMatchObject({ name: '榆树沟镇', level: 'township', parent: '652301' });
    expect(d.places.get('652301')).toMatchObject({ level: 'county' });
    expect(d.departments.get('civil')?.name).toBe('民政局');
  });
});
