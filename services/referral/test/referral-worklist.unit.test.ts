import type { ReferralRecord } from '../src/domain/referral';
import { loadPolicyPacks } from '@carelink/policy';
import {
  escalationOf,
  receiverOf,
  referralNamesOf,
  referralStatistics,
} from '../src/domain/worklist/referral-worklist';

const referral = (over: Partial<ReferralRecord>): ReferralRecord => ({
  referralId: 'c1:CZ-JK-01',
  caseId: 'c1',
  caseNumber: 'CZ341702-2026-000001',
  region: 'chizhou',
  itemCode: 'CZ-JK-01',
  township: '341702001',
  person: { personId: 'p_1', name: '王秀英' },
  status: 'requested',
  explanation: '按服务清单转卫健部门',
  month: '2026-11',
  createdAt: '2026-11-25T01:00:00.000Z',
  ...over,
});

describe('a referral on the worklist', () => {
  it('says when and why it was escalated to the township, while it waits there', () => {
    const rejected = referral({
      status: 'awaiting_provider',
      explanation: '接收方拒绝：名额已满；无其他可改派的接收方，待乡镇(街道)指定',
      history: [
        { from: 'requested', to: 'requested', attempt: 1, by: 'system', at: '2026-11-25T01:00:00.000Z' },
        {
          from: 'requested',
          to: 'rejected',
          attempt: 1,
          by: 'dept',
          at: '2026-11-26T01:00:00.000Z',
          reason: '名额已满',
        },
        {
          from: 'rejected',
          to: 'awaiting_provider',
          attempt: 1,
          by: 'dept',
          at: '2026-11-26T01:00:00.000Z',
          reason: '接收方拒绝：名额已满',
        },
      ],
    });
    expect(escalationOf(rejected)).toEqual({ at: '2026-11-26T01:00:00.000Z', reason: '接收方拒绝：名额已满' });
    // Unrouted from the start: the routing's explanation says why.
    const unrouted = referral({
      status: 'awaiting_provider',
      explanation: '无签约服务机构',
      history: [
        { from: 'requested', to: 'awaiting_provider', attempt: 1, by: 'system', at: '2026-11-25T01:00:00.000Z' },
      ],
    });
    expect(escalationOf(unrouted)).toEqual({ at: '2026-11-25T01:00:00.000Z', reason: '无签约服务机构' });
    // Routed again since: no longer escalated.
    expect(escalationOf({ ...rejected, status: 'requested' })).toBeUndefined();
  });

  it('counts by state, receiver and item, busiest first, each named beside its code', () => {
    const health = { kind: 'department' as const, departmentCode: 'health' };
    const alpha = { kind: 'provider' as const, providerId: 'alpha', contractId: 'k1' };
    const stats = referralStatistics(
      [
        referral({ status: 'completed', route: health }),
        referral({ status: 'requested', route: health }),
        referral({ status: 'requested', route: alpha, itemCode: 'CZ-QJ-01' }),
        referral({ status: 'awaiting_provider', itemCode: 'CZ-QJ-01' }),
        referral({ status: 'requested', route: alpha, itemCode: 'CZ-QJ-01' }),
      ],
      referralNamesOf(loadPolicyPacks().get('chizhou'), [
        { providerId: 'alpha', providerName: '旧名称社工', validFrom: '2025-01-01' },
        { providerId: 'alpha', providerName: '阳光社工', validFrom: '2026-01-01' },
      ]),
    );
    expect(stats).toEqual({
      total: 5,
      byStatus: [
        { status: 'requested', count: 3 },
        { status: 'awaiting_provider', count: 1 },
        { status: 'completed', count: 1 },
      ],
      byReceiver: [
        { kind: 'department', code: 'health', name: '卫健', count: 2, byStatus: { completed: 1, requested: 1 } },
        { kind: 'provider', code: 'alpha', name: '阳光社工', count: 2, byStatus: { requested: 2 } },
        { kind: 'none', code: '', name: null, count: 1, byStatus: { awaiting_provider: 1 } },
      ],
      byItem: [
        { itemCode: 'CZ-QJ-01', name: '居家清洁', count: 3 },
        { itemCode: 'CZ-JK-01', name: '上门健康监测', count: 2 },
      ],
    });
    expect(receiverOf({})).toEqual({ kind: 'none', code: '' });
  });
});
