import { DomainError, topics } from '@carelink/contracts';
import { registerContract, type RegisterContract } from '../src/domain/register-contract/register-contract';

const command: RegisterContract = {
  providerId: 'demo-cz-sunshine',
  providerName: '阳光社会工作服务中心',
  region: 'chizhou',
  itemCodes: ['CZ-SH-01'],
  townships: ['341702001'],
  monthlyCapacity: 30,
  validFrom: '2026-01-01',
  validTo: '2026-12-31',
};
const now = new Date('2026-01-05T02:00:00.000Z');

describe('RegisterContract', () => {
  it('keeps the contract, by whom and when, and announces it on the contracts topic without personal data', () => {
    const decision = registerContract(
      undefined,
      { contract: command, contractId: 'c-1', registeredBy: 'cty-1' },
      { now },
    );
    expect(decision.result).toEqual({ contractId: 'c-1', ...command });
    expect(decision.state).toEqual({
      contractId: 'c-1',
      ...command,
      createdBy: 'cty-1',
      registeredAt: '2026-01-05T02:00:00.000Z',
    });
    expect(decision.events).toHaveLength(1);
    const [announced] = decision.events!;
    expect(announced!.topic).toBe(topics.contracts);
    expect(announced!.key).toBe('demo-cz-sunshine');
    expect(announced!.type).toBe('contract.registered.v1');
    expect(announced!.data).toEqual({
      contractId: 'c-1',
      ...command,
      registeredAt: '2026-01-05T02:00:00.000Z',
    });
    // Who registered it stays with referral.
    expect(JSON.stringify(announced!.data)).not.toContain('cty-1');
  });

  it('registers a contract id once', () => {
    const { state } = registerContract(
      undefined,
      { contract: command, contractId: 'c-1', registeredBy: 'cty-1' },
      { now },
    );
    expect(() =>
      registerContract(state, { contract: command, contractId: 'c-1', registeredBy: 'cty-1' }, { now }),
    ).toThrow(DomainError);
  });
});
