import type { AppError } from '@carelink/http';
import { PolicyPacks } from '@carelink/policy';
import { overrideRoute } from '../src/domain/override-route/override-route';
import type { ProviderContract, ReferralRecord } from '../src/domain/referral';

const chizhou = PolicyPacks.load().get('chizhou')!;
const escalated: ReferralRecord = {
  referralId: 'c:CZ-QJ-01',
  caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
  caseNumber: 'CZ341702-2026-000001',
  region: 'chizhou',
  itemCode: 'CZ-QJ-01',
  township: '341702001',
  person: { personId: 'p_0123456789abcdef', name: '张三' },
  status: 'awaiting_provider',
  explanation: 'x',
  month: '2026-11',
  createdAt: '2026-11-25T00:00:00.000Z',
  sharingBasis: { basis: 'consent', givenBy: 'applicant' },
};
const contract = (townships: string[]): ProviderContract => ({
  contractId: 'k1',
  providerId: 'sunshine',
  providerName: '阳光社工',
  region: 'chizhou',
  itemCodes: ['CZ-QJ-01'],
  townships,
  monthlyCapacity: 10,
  validFrom: '2026-01-01',
  validTo: '2026-12-31',
});
const command = { route: { kind: 'provider' as const, contractId: 'k1' }, reason: '电话沟通后同意承接' };
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as AppError).code;
  }
  return 'no error';
};

describe('a township routing a referral by hand', () => {
  it('may choose only a contract that covers the person’s township', () => {
    expect(codeOf(() => overrideRoute(escalated, command, chizhou, [contract(['341702002'])], '2026-11-25'))).toBe(
      'contract_does_not_cover_township',
    );
    expect(overrideRoute(escalated, command, chizhou, [contract(['341702001'])], '2026-11-25').route).toEqual({
      kind: 'provider',
      providerId: 'sunshine',
      contractId: 'k1',
    });
  });
});
