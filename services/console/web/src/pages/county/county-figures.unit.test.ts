import { describe, expect, it } from '@jest/globals';
import type { ContractView } from '../../api/views';
import { contractState, mergeComplaintRows, monthsFrom, providersOf, inLifeOrder } from './county-figures';

const contract = (over: Partial<ContractView>): ContractView => ({
  contractId: 'k1',
  providerId: 'p1',
  providerName: '阳光',
  region: 'chizhou',
  itemCodes: ['A'],
  townships: ['341702001'],
  monthlyCapacity: 10,
  validFrom: '2026-01-01',
  validTo: '2026-12-31',
  ...over,
});

describe('contracts', () => {
  it('are in force from their first to their last day, both included', () => {
    const c = contract({});
    expect(contractState(c, '2025-12-31')).toBe('upcoming');
    expect(contractState(c, '2026-01-01')).toBe('in_force');
    expect(contractState(c, '2026-12-31')).toBe('in_force');
    expect(contractState(c, '2027-01-01')).toBe('expired');
  });

  it('make providers with the items, townships and capacity of the contracts in force', () => {
    const providers = providersOf(
      [
        contract({ contractId: 'a', itemCodes: ['B', 'A'], townships: ['341702002'], monthlyCapacity: 5 }),
        contract({ contractId: 'b', monthlyCapacity: 7, validTo: '2027-06-30' }),
        contract({ contractId: 'c', itemCodes: ['Z'], validTo: '2026-03-01', monthlyCapacity: 99 }),
        contract({
          contractId: 'd',
          providerId: 'p2',
          providerName: '安康',
          validFrom: '2027-01-01',
          validTo: '2027-12-31',
        }),
      ],
      '2026-06-01',
    );
    expect(providers).toEqual([
      {
        providerId: 'p1',
        providerName: '阳光',
        contracts: 3,
        inForce: 2,
        itemCodes: ['A', 'B'],
        townships: ['341702001', '341702002'],
        monthlyCapacity: 12,
        validTo: '2027-06-30',
      },
      {
        providerId: 'p2',
        providerName: '安康',
        contracts: 1,
        inForce: 0,
        itemCodes: [],
        townships: [],
        monthlyCapacity: 0,
      },
    ]);
  });
});

describe('complaint statistics over months', () => {
  const row = (key: string, received: number, rated: number, avg: number) => ({
    key,
    received,
    complaints: received,
    consultations: 0,
    resolved: received,
    upheld: 1,
    escalated: 0,
    rated,
    averageRatingTenths: avg,
  });

  it('adds the counts and weighs the average rating by the number of ratings', () => {
    const merged = mergeComplaintRows([[row('p1', 2, 1, 50), row('p2', 1, 0, 0)], [row('p1', 3, 3, 30)]]);
    expect(merged).toEqual([{ ...row('p1', 5, 4, 35), upheld: 2 }, row('p2', 1, 0, 0)]);
  });
});

describe('referrals by state', () => {
  it('are shown in the order of a referral’s life, unknown states last, empty ones left out', () => {
    expect(
      inLifeOrder([
        { status: 'completed', count: 2 },
        { status: 'odd', count: 1 },
        { status: 'requested', count: 1 },
        { status: 'failed', count: 0 },
      ]),
    ).toEqual([
      { status: 'requested', count: 1 },
      { status: 'completed', count: 2 },
      { status: 'odd', count: 1 },
    ]);
  });
});

describe('months', () => {
  it('runs across a year end', () => {
    expect(monthsFrom('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsFrom('2026-03', '2026-02')).toEqual([]);
  });
});
