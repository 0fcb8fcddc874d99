import { buildEvent, ContractRegistered } from '@carelink/contracts';
import { learnName, nameOnContract, type ProviderName } from '../src/domain/provider-names/provider-name';

const contract = (contractId: string, providerName: string, validFrom: string) =>
  nameOnContract(
    buildEvent(ContractRegistered, {
      source: '/carelink/referral',
      key: 'sunshine',
      data: {
        contractId,
        region: 'chizhou',
        providerId: 'sunshine',
        providerName,
        itemCodes: ['CZ-SH-01'],
        townships: ['341702001'],
        monthlyCapacity: 30,
        validFrom,
        validTo: '2027-12-31',
        registeredAt: '2026-01-05T02:00:00.000Z',
      },
    }),
  );

/** Contracts learnt in the given order, as the directory keeps them. */
const learnt = (contracts: ProviderName[]) =>
  contracts.reduce<ProviderName | undefined>((kept, c) => learnName(kept, c) ?? kept, undefined);

describe("a provider's name, learnt from its contracts", () => {
  const old = contract('0190a000-0000-7000-8000-000000000001', '阳光助老服务社', '2025-01-01');
  const renamed = contract('0190a000-0000-7000-8000-000000000002', '阳光助老社会工作服务中心', '2026-01-01');
  const sameDayLater = contract('0190a000-0000-7000-8000-000000000003', '阳光社工（更正）', '2026-01-01');

  it('is the name on the contract that starts last, whatever order the contracts come in', () => {
    expect(learnt([old, renamed])?.name).toBe('阳光助老社会工作服务中心');
    expect(learnt([renamed, old])?.name).toBe('阳光助老社会工作服务中心');
    // Two starting the same day: the later registered (ids are time-ordered).
    expect(learnt([sameDayLater, renamed, old])?.name).toBe('阳光社工（更正）');
  });

  it('changes nothing when a contract is delivered again or an older one arrives', () => {
    expect(learnName(renamed, renamed)).toBeUndefined();
    expect(learnName(renamed, old)).toBeUndefined();
    expect(learnName(undefined, old)).toEqual({
      region: 'chizhou',
      providerId: 'sunshine',
      name: '阳光助老服务社',
      contractId: old.contractId,
      validFrom: '2025-01-01',
    });
  });
});
