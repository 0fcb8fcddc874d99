import { describe, expect, it } from '@jest/globals';
import { complaintDueAt, filterCalls, matchesQuery, nextStatuses, resolvedAtOf } from './complaint-rules';
import type { CallRecordView, ComplaintDetailView } from './hotline-api';

const complaint = (over: Partial<ComplaintDetailView>): ComplaintDetailView => ({
  complaintId: 'c1',
  complaintNumber: 'TS-20261201-0007',
  region: 'chizhou',
  kind: 'complaint',
  about: {},
  scope: '341702001',
  type: 'service_quality',
  channel: 'hotline',
  summary: '送餐没来',
  status: 'received',
  acknowledgeBy: '2026-12-02T09:00:00.000Z',
  resolveBy: '2026-12-30T09:00:00.000Z',
  escalated: false,
  receivedAt: '2026-12-01T09:00:00.000Z',
  ...over,
});

describe('the time limit a complaint runs against', () => {
  it('is acknowledging while received, resolving while open, none once resolved or closed', () => {
    expect(complaintDueAt(complaint({ status: 'received' }))).toBe('2026-12-02T09:00:00.000Z');
    for (const status of ['acknowledged', 'assigned', 'investigating', 'reopened'])
      expect(complaintDueAt(complaint({ status }))).toBe('2026-12-30T09:00:00.000Z');
    expect(complaintDueAt(complaint({ status: 'resolved' }))).toBeUndefined();
    expect(complaintDueAt(complaint({ status: 'closed' }))).toBeUndefined();
  });

  it("takes the service's own deadline when the list gives one", () => {
    const due = { kind: 'resolve' as const, dueAt: '2026-12-10T00:00:00.000Z', overdue: false };
    expect(complaintDueAt(complaint({ status: 'assigned', due }))).toBe(due.dueAt);
  });
});

describe('the next steps offered for a complaint', () => {
  it('follows the lifecycle, closing a complaint only once resolved', () => {
    expect(nextStatuses(complaint({ status: 'received' }))).toEqual(['acknowledged']);
    expect(nextStatuses(complaint({ status: 'acknowledged' }))).toEqual(['assigned']);
    expect(nextStatuses(complaint({ status: 'investigating' }))).toEqual(['assigned', 'resolved']);
    expect(nextStatuses(complaint({ status: 'resolved' }))).toEqual(['closed', 'reopened']);
    expect(nextStatuses(complaint({ status: 'closed' }))).toEqual(['reopened']);
  });

  it('lets a consultation close early (answered)', () => {
    expect(nextStatuses(complaint({ kind: 'consultation', status: 'received' }))).toEqual(['acknowledged', 'closed']);
  });
});

describe('the call-back list', () => {
  it('reads when a complaint was last resolved from its history', () => {
    const history = [
      { from: 'investigating', to: 'resolved', actor: 'a', reason: 'r', at: '2026-12-03T00:00:00.000Z' },
      { from: 'resolved', to: 'reopened', actor: 'a', reason: 'r', at: '2026-12-04T00:00:00.000Z' },
      { from: 'investigating', to: 'resolved', actor: 'a', reason: 'r', at: '2026-12-06T00:00:00.000Z' },
    ];
    expect(resolvedAtOf(complaint({ history }))).toBe('2026-12-06T00:00:00.000Z');
    expect(resolvedAtOf(complaint({ history, resolvedAt: '2026-12-07T00:00:00.000Z' }))).toBe(
      '2026-12-07T00:00:00.000Z',
    );
    expect(resolvedAtOf(complaint({}))).toBeUndefined();
  });

  it('finds a complaint by its number, its tail or its case number', () => {
    const c = complaint({ about: { caseNumber: 'CZ341702-2026-000053' } });
    expect(matchesQuery(c, 'ts-20261201-0007')).toBe(true);
    expect(matchesQuery(c, '0007')).toBe(true);
    expect(matchesQuery(c, '000053')).toBe(true);
    expect(matchesQuery(c, '0008')).toBe(false);
  });
});

describe('the call records filters', () => {
  const call = (over: Partial<CallRecordView>): CallRecordView => ({
    callSid: 'CA1',
    region: 'chizhou',
    callerMasked: '137****0101',
    startedAt: '2026-12-01T04:00:00.000Z',
    updatedAt: '2026-12-01T04:01:00.000Z',
    path: [],
    ...over,
  });
  const calls = [
    call({ callSid: 'a', outcome: 'complained', complaintNumber: 'TS-20261201-0002' }),
    call({ callSid: 'b', callerMasked: '138****8000', callerNumber: '13800138000' }),
    call({
      callSid: 'c',
      startedAt: '2026-11-20T04:00:00.000Z',
      outcome: 'applied',
      caseNumber: 'CZ341702-2026-000053',
    }),
  ];
  const sids = (f: Parameters<typeof filterCalls>[1]) => filterCalls(calls, f).map((c) => c.callSid);

  it('keeps the days asked for, inclusive', () => {
    expect(sids({ from: '2026-11-30' })).toEqual(['a', 'b']);
    expect(sids({ from: '2026-11-01', to: '2026-11-20' })).toEqual(['c']);
  });

  it('filters by outcome, a call still under way counting as in progress', () => {
    expect(sids({ from: '2026-11-01', outcome: ['in_progress'] })).toEqual(['b']);
    expect(sids({ from: '2026-11-01', outcome: ['applied', 'complained'] })).toEqual(['a', 'c']);
  });

  it("finds a caller by the number's last digits, and a call by the case or complaint it made", () => {
    expect(sids({ from: '2026-11-01', caller: '8000' })).toEqual(['b']);
    expect(sids({ from: '2026-11-01', caller: '138 0013 8000' })).toEqual(['b']);
    expect(sids({ from: '2026-11-01', q: 'ts-20261201-0002' })).toEqual(['a']);
    expect(sids({ from: '2026-11-01', q: '000053' })).toEqual(['c']);
  });
});
