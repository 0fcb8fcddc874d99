/**
 * Delivery modes (服务方式) as the packs state them: Chizhou's seven modes of plan 000 三(六) and Changji's
 * basic public service vs purchased service (001 五(三)). Each test names the clause its condition comes from
 * and checks the condition holding (the mode is chosen) and failing (routing falls through, and says why).
 */
import type { PersonCircumstances } from '@carelink/contracts';
import {
  catalogueItemOf,
  checkDeliveryModes,
  chooseDeliveryMode,
  deliveryMode,
  listedReceiver,
  loadPolicyPacks,
  receiverNameOf,
  receiversServing,
  unmetConditions,
  type CatalogueItem,
  type PolicyPack,
} from '../src';

const packs = loadPolicyPacks();
const chizhou = packs.get('chizhou')!;
const changji = packs.get('changji')!;

const item = (pack: PolicyPack, code: string): CatalogueItem => catalogueItemOf(pack, code)!;
const MEALS = 'CZ-SH-01';
const HEALTH_CHECK = 'CZ-JK-01';
const CLEANING = 'CZ-QJ-01';
const COUNSELLING = 'CZ-NL-02';
const PARTY_VISITS = 'CZ-DJ-01';
const NEIGHBOUR_CARE = 'CZ-LL-01';

/** A 低保 elder of 75 who cannot look after themselves and whom nobody looks after. */
const person = (over: Partial<PersonCircumstances> = {}): PersonCircumstances => ({
  age: 75,
  groups: ['dibao'],
  conditions: ['disabled_elder'],
  barthelScore: 40,
  carer: 'absent',
  livingAlone: true,
  illnesses: [],
  ...over,
});
const modeFor = (code: string, circumstances: PersonCircumstances | undefined, pack = chizhou) =>
  chooseDeliveryMode(pack, item(pack, code), circumstances);

describe('Chizhou: the seven modes of plan 000 三(六), in its order', () => {
  it('lists the modes in plan order, each citing its clause', () => {
    expect(chizhou.deliveryModes.map((m) => `${m.code} ${m.source}`)).toEqual([
      'purchased 000 三(六)1',
      'institutional_care 000 三(六)2',
      'medical_custody 000 三(六)2',
      'department_linked 000 三(六)3',
      'party_pairing 000 三(六)4',
      'social_work_volunteers 000 三(六)5',
      'neighbour_help 000 三(六)6',
      'charity_relief 000 三(六)7',
    ]);
  });

  describe('000 三(六)1 政府购买服务: cannot look after themselves and nobody cares (elder, severely disabled, minor), or suddenly without care', () => {
    it('an elder who cannot look after themselves, with nobody caring, gets a paid provider', () => {
      const choice = modeFor(CLEANING, person());
      expect(choice.mode?.code).toBe('purchased');
      expect(choice.mode?.receiver.kind).toBe('provider');
      expect(choice.explanation).toBe('按「政府购买服务」办理（000 三(六)1）');
    });

    it('生活不能自理 fails (Barthel 80): the cleaning goes to the neighbours, saying why not a provider', () => {
      const choice = modeFor(CLEANING, person({ barthelScore: 80, conditions: [] }));
      expect(choice.mode?.code).toBe('neighbour_help');
      expect(choice.explanation).toContain('「政府购买服务」不适用：生活能够自理（Barthel指数80，高于60）');
      expect(choice.explanation).toContain('按「邻里互助服务」办理（000 三(六)6）');
    });

    it('无人照顾 fails (a carer is present): not a provider', () => {
      const choice = modeFor(CLEANING, person({ carer: 'present' }));
      expect(choice.mode?.code).toBe('neighbour_help');
      expect(choice.explanation).toContain('有人照料（须无人照顾）');
    });

    it('老年人、重度残疾人、未成年人: a minor qualifies, a severely disabled adult qualifies, another adult does not', () => {
      expect(modeFor(MEALS, person({ age: 12, conditions: [] })).mode?.code).toBe('purchased');
      expect(modeFor(MEALS, person({ age: 40, conditions: ['severely_disabled'] })).mode?.code).toBe('purchased');
      const other = modeFor(MEALS, person({ age: 40, conditions: ['seriously_ill'] }));
      expect(other.mode?.code).toBe('neighbour_help');
      expect(other.explanation).toContain('不是老年人、重度残疾人、未成年人');
    });

    it('因突发原因造成短时间生活无人照料: a person suddenly without care gets a provider whatever their self-care', () => {
      const choice = modeFor(MEALS, person({ age: 40, conditions: [], barthelScore: 100, carer: 'suddenly_absent' }));
      expect(choice.mode?.code).toBe('purchased');
    });

    it('without circumstances (a decision from before they were recorded) the conditions are 情况未记录', () => {
      const choice = modeFor(CLEANING, undefined);
      expect(choice.mode?.code).toBe('neighbour_help');
      expect(choice.explanation).toContain('生活自理能力情况未记录');
      expect(choice.explanation).toContain('照料情况未记录');
    });
  });

  describe('000 三(六)2 机构照料: 特困/孤儿/事实无人抚养儿童 who lost self-care, not with psychiatric or infectious illness', () => {
    const collective = item(chizhou, 'CZ-JG-01');
    const choose = (c: PersonCircumstances) => chooseDeliveryMode(chizhou, collective, c);

    it('a 特困 person who lost self-care goes to an institution; an orphan too', () => {
      expect(choose(person({ groups: ['tekun'], barthelScore: 30 })).mode?.code).toBe('institutional_care');
      expect(choose(person({ age: 9, groups: ['orphan'], conditions: [], barthelScore: 20 })).mode?.code).toBe(
        'institutional_care',
      );
    });

    it('a 低保 person does not qualify (not 特困/孤儿/事实无人抚养儿童): no mode, the township decides', () => {
      const choice = choose(person({ groups: ['dibao'] }));
      expect(choice.mode).toBeUndefined();
      expect(choice.explanation).toContain('「机构照料服务」不适用：不属于特困人员、孤儿、事实无人抚养儿童');
      expect(choice.explanation).toContain('待乡镇(街道)指定');
    });

    it('丧失生活自理能力 fails (Barthel 90): no institution', () => {
      const choice = choose(person({ groups: ['tekun'], barthelScore: 90 }));
      expect(choice.mode).toBeUndefined();
      expect(choice.explanation).toContain('生活能够自理（Barthel指数90，高于60）');
    });

    it.each(['psychiatric', 'infectious'] as const)(
      '%s illness: not collective care, but a medical institution arranged with 卫健',
      (illness) => {
        const choice = choose(person({ groups: ['tekun'], barthelScore: 30, illnesses: [illness] }));
        expect(choice.mode?.code).toBe('medical_custody');
        expect(choice.mode?.receiver).toEqual({ kind: 'department', department: 'health' });
        expect(choice.explanation).toMatch(/「机构照料服务」不适用：患有(精神病|传染病)，不宜适用/);
      },
    );

    it('medical custody is for 特困 people only, and only with such an illness', () => {
      expect(choose(person({ groups: ['orphan'], age: 9, illnesses: ['psychiatric'] })).mode).toBeUndefined();
      const none = choose(person({ groups: ['tekun'], barthelScore: 90 }));
      expect(none.explanation).toContain('未患精神病或传染病');
    });
  });

  describe('000 三(六)3 部门联动: the member departments deliver their own services', () => {
    it('a health check goes to 卫健 whoever asks; the earlier modes do not deliver it', () => {
      const choice = modeFor(HEALTH_CHECK, person({ barthelScore: 100, carer: 'present' }));
      expect(choice.mode?.code).toBe('department_linked');
      expect(choice.explanation).toContain(
        '「政府购买服务」「机构照料服务」「机构照料服务(医疗机构治疗托管)」不提供上门健康监测',
      );
    });

    it('a department item is never bought, even for a person the purchase conditions fit', () => {
      expect(modeFor(HEALTH_CHECK, person()).mode?.code).toBe('department_linked');
    });
  });

  describe('000 三(六)4 党建+救助: party members paired with 特困 people', () => {
    it('a 特困 person is paired with a party member for visits (走访慰问)', () => {
      const choice = modeFor(PARTY_VISITS, person({ groups: ['tekun'], barthelScore: 90 }));
      expect(choice.mode?.code).toBe('party_pairing');
      expect(choice.mode?.handover).toBe('pairing');
      expect(choice.mode?.receiver.kind).toBe('party_branch');
    });

    it('a 低保 person is not (不属于特困人员): no mode, the township decides', () => {
      const choice = modeFor(PARTY_VISITS, person({ groups: ['dibao'], barthelScore: 90 }));
      expect(choice.mode).toBeUndefined();
      expect(choice.explanation).toContain('「“党建+救助”服务」不适用：不属于特困人员');
    });

    it('the visits are not a department-linked service, though the civil-affairs bureau is their department', () => {
      expect(modeFor(PARTY_VISITS, person({ groups: ['tekun'] })).explanation).toContain('「部门联动服务」');
    });
  });

  describe('000 三(六)5 社工志愿: the village red-vest team (心理疏导、社会融入、能力提升)', () => {
    it('counselling of a 低保 person goes to the red-vest team', () => {
      const choice = modeFor(COUNSELLING, person({ barthelScore: 100 }));
      expect(choice.mode?.code).toBe('social_work_volunteers');
      expect(choice.mode?.receiver.kind).toBe('village_team');
    });

    it('cleaning is not a red-vest service: it passes on to the neighbours', () => {
      const choice = modeFor(CLEANING, person({ barthelScore: 100 }));
      expect(choice.explanation).toMatch(/「社工志愿服务\(“红马夹”\)」[^；]*不提供居家清洁/);
    });
  });

  describe('000 三(六)6 邻里互助: trained neighbours give home care', () => {
    it('cleaning of a person who can look after themselves goes to the neighbours, not a paid provider', () => {
      const choice = modeFor(CLEANING, person({ barthelScore: 95, conditions: [] }));
      expect(choice.mode?.code).toBe('neighbour_help');
      expect(choice.mode?.receiver.kind).toBe('neighbours');
    });

    it('the neighbours’ own home care goes to them whoever asks', () => {
      expect(modeFor(NEIGHBOUR_CARE, person({ barthelScore: 100, carer: 'present' })).mode?.code).toBe(
        'neighbour_help',
      );
    });

    it('counselling is not home care: not the neighbours', () => {
      expect(modeFor(COUNSELLING, person()).mode?.code).not.toBe('neighbour_help');
    });
  });

  describe('000 三(六)7 慈善救济: the county lists elderly, disabled, seriously ill people and orphans for charities', () => {
    const relief = item(chizhou, 'CZ-JJ-01');
    const choose = (c: PersonCircumstances) => chooseDeliveryMode(chizhou, relief, c);

    it('an elder goes on the charity list, handed over monthly', () => {
      const choice = choose(person({ barthelScore: 100, conditions: [] }));
      expect(choice.mode?.code).toBe('charity_relief');
      expect(choice.mode?.handover).toBe('monthly_list');
    });

    it('an orphan does too (the alternative)', () => {
      expect(choose(person({ age: 10, groups: ['orphan'], conditions: [] })).mode?.code).toBe('charity_relief');
    });

    it('a 40-year-old 低保 person who is neither disabled nor ill is not listed', () => {
      const choice = choose(person({ age: 40, conditions: [] }));
      expect(choice.mode).toBeUndefined();
      expect(choice.explanation).toContain(
        '不是老年人、重度残疾人、重病患者、失能半失能老年人；也不符合另一情形：不属于孤儿',
      );
    });
  });
});

describe('Changji: department basic public service or government-purchased (001 四(二), 五(三))', () => {
  it('a department item goes to its department (001 五(三))', () => {
    const choice = modeFor('CJ-ZH-02', undefined, changji);
    expect(choice.mode?.code).toBe('basic_public_service');
    expect(choice.explanation).toBe('按「部门基本公共服务」办理（001 五(三)）');
  });

  it('a purchased item goes to a provider, whatever the circumstances (the plan sets no conditions)', () => {
    const choice = modeFor('CJ-SH-04', undefined, changji);
    expect(choice.mode?.code).toBe('purchased');
    expect(choice.explanation).toContain('「部门基本公共服务」不提供');
  });
});

describe('conditions the packs do not use yet', () => {
  const conditions = (raw: unknown) =>
    deliveryMode.parse({
      code: 'x',
      name: { zh: '测试', en: 'test' },
      source: 'local: test',
      items: { deliveries: ['purchased'] },
      conditions: raw,
      receiver: { kind: 'provider' },
      handover: 'referral',
    }).conditions;

  it('age bounds: inside holds, outside says the age', () => {
    const c = conditions({ age: { min: 16, max: 59 } });
    expect(unmetConditions(chizhou, c, person({ age: 30 }))).toEqual([]);
    expect(unmetConditions(chizhou, c, person({ age: 60 }))).toEqual(['年龄60岁，不在16–59岁之间']);
  });

  it('living alone: holds for a person living alone, fails otherwise, unrecorded says so', () => {
    const c = conditions({ livingAlone: { is: true } });
    expect(unmetConditions(chizhou, c, person({ livingAlone: true }))).toEqual([]);
    expect(unmetConditions(chizhou, c, person({ livingAlone: false }))).toEqual(['不是独自居住']);
    expect(unmetConditions(chizhou, c, person({ livingAlone: undefined }))).toEqual(['居住情况未记录']);
  });

  it('a condition may cite its own clause; an unknown field is refused', () => {
    expect(conditions({ carer: { anyOf: ['absent'], source: '000 三(六)1' } }).carer?.source).toBe('000 三(六)1');
    expect(() => conditions({ wealth: { anyOf: ['rich'] } })).toThrow();
  });
});

describe('receivers of the packs', () => {
  it('serve the person’s village first, then the township, the county, the whole region', () => {
    const inVillage = receiversServing(chizhou, 'party_branch', { township: '341702001', village: '341702001201' });
    expect(inVillage.map((r) => r.code).slice(0, 2)).toEqual(['party_branch_341702001201', 'party_branch_341702001']);
    const noVillage = receiversServing(chizhou, 'village_team', { township: '341702001' });
    expect(noVillage).toEqual([]);
    const charities = receiversServing(chizhou, 'charity', { township: '341702001' });
    expect(charities.map((r) => r.code)).toEqual(['charity_guichi', 'charity_chizhou']);
  });

  it('every receiver is demo data, saying so, and named by code', () => {
    expect(chizhou.receivers.every((r) => r.demo && r.source.startsWith('local: demo'))).toBe(true);
    expect(receiverNameOf(chizhou, 'red_vest_341702001201')).toBe('示范社区甲“红马夹”帮扶队(示范)');
    expect(receiverNameOf(chizhou, 'health')).toBe('卫健');
  });

  it('institutions state their places', () => {
    expect(chizhou.receivers.filter((r) => r.kind === 'institution').every((r) => (r.capacity ?? 0) > 0)).toBe(true);
  });
});

describe('the pack refuses inconsistent modes and receivers', () => {
  const issues = (over: { modes?: unknown[]; receivers?: unknown[] }) => {
    const found: string[] = [];
    checkDeliveryModes(
      {
        ...chizhou,
        deliveryModes: (over.modes ?? chizhou.deliveryModes).map((m) => deliveryMode.parse(m)),
        receivers: (over.receivers ?? chizhou.receivers).map((r) => listedReceiver.parse(r)),
      },
      (path, message) => found.push(`${path.join('.')}: ${message}`),
    );
    return found;
  };
  const mode = chizhou.deliveryModes[0]!;

  it('the packs as they are pass', () => {
    expect(issues({})).toEqual([]);
  });

  it('an unknown item, group or condition', () => {
    expect(issues({ modes: [{ ...mode, items: { codes: ['CZ-ZZ-01'] } }] })).toEqual([
      'deliveryModes.0.items.codes.0: item CZ-ZZ-01 is not in the catalogue',
    ]);
    expect(
      issues({ modes: [{ ...mode, conditions: { groups: { anyOf: ['left_behind_child'] }, who: { anyOf: ['x'] } } }] }),
    ).toEqual([
      'deliveryModes.0.conditions.groups.anyOf.0: left_behind_child is not a target group of this region',
      'deliveryModes.0.conditions.who.anyOf.0: unknown condition x (a region condition, elder or minor)',
    ]);
  });

  it('a charity mode handed over one by one, or a kind without receivers', () => {
    expect(issues({ modes: [{ ...mode, receiver: { kind: 'charity' } }] })).toContain(
      'deliveryModes.0.handover: a charity gets a monthly list, and only a charity does',
    );
    expect(issues({ modes: [{ ...mode, receiver: { kind: 'neighbours' } }], receivers: [] })).toContain(
      'deliveryModes.0.receiver.kind: no receiver of kind neighbours under receivers',
    );
  });

  it('an institution without places, a receiver outside the region, a code used twice', () => {
    const home = chizhou.receivers.find((r) => r.kind === 'institution')!;
    const { capacity: _places, ...withoutPlaces } = home;
    expect(
      issues({
        receivers: [
          ...chizhou.receivers.filter((r) => r !== home),
          withoutPlaces,
          { ...home, area: '110101' },
          { ...home, code: 'health' },
        ],
      }),
    ).toEqual(
      expect.arrayContaining([
        expect.stringContaining('capacity: an institution states its places'),
        expect.stringContaining('area: 110101 is not a place of this region'),
        expect.stringContaining('receiver code health is used twice'),
      ]),
    );
  });
});
