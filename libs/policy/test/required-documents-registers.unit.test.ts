import { loadPolicyPacks, missingDocuments, requiredDocumentsOf, validatePolicyPack, PolicyPackError } from '../src';
import { rawPack } from './raw-packs';

const packs = loadPolicyPacks();
const chizhou = packs.get('chizhou')!;
const changji = packs.get('changji')!;

describe('required documents per item', () => {
  it("adds an item's own documents to the region's, each once", () => {
    expect(requiredDocumentsOf(chizhou, 'CZ-QJ-01')).toEqual(['id_card', 'household_register', 'status_proof']);
    expect(requiredDocumentsOf(chizhou, 'CZ-JK-02')).toEqual([
      'id_card',
      'household_register',
      'status_proof',
      'illness_certificate',
    ]);
  });

  it('lists per item what is not on file, and leaves out the items lacking nothing', () => {
    expect(missingDocuments(chizhou, ['CZ-QJ-01', 'CZ-JK-02'], ['id_card', 'household_register'])).toEqual([
      { itemCode: 'CZ-QJ-01', documents: ['status_proof'] },
      { itemCode: 'CZ-JK-02', documents: ['status_proof', 'illness_certificate'] },
    ]);
    expect(
      missingDocuments(chizhou, ['CZ-QJ-01', 'CZ-JK-02'], ['id_card', 'household_register', 'status_proof']),
    ).toEqual([{ itemCode: 'CZ-JK-02', documents: ['illness_certificate'] }]);
    expect(missingDocuments(chizhou, ['CZ-QJ-01'], ['id_card', 'household_register', 'status_proof'])).toEqual([]);
  });
});

describe('status registers', () => {
  it('each region names the registers a status is verified against', () => {
    expect(chizhou.statusRegisters.find((r) => r.statuses.includes('dibao'))?.name).toBe('民政低保信息系统');
    expect(changji.statusRegisters.find((r) => r.statuses.includes('low_income_severely_disabled'))?.name).toBe(
      '残联残疾人信息管理系统',
    );
  });

  it('refuses a register confirming a status the region does not have, naming the field', () => {
    const broken = {
      ...rawPack('chizhou'),
      statusRegisters: [{ code: 'kids', name: '儿童', statuses: ['left_behind_child'], source: 'local: test' }],
    };
    expect(() => validatePolicyPack(broken, 'broken.yaml')).toThrow(PolicyPackError);
    expect(() => validatePolicyPack(broken, 'broken.yaml')).toThrow(/statusRegisters\.0\.statuses\.0/);
  });
});
