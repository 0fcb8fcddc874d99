import type { StaffPrincipal } from '@carelink/auth';
import { assignedToCaller, byDeadline, complaintDeadline } from '../src/domain/worklist/complaint-worklist';

const now = new Date('2026-11-25T09:00:00+08:00');
const limits = { acknowledgeBy: '2026-11-26T10:00:00.000Z', resolveBy: '2026-12-10T10:00:00.000Z' };

describe('a complaint on the worklist', () => {
  it('runs against the acknowledgement limit while received, the resolution limit until resolved', () => {
    expect(complaintDeadline({ status: 'received', ...limits }, now)).toEqual({
      kind: 'acknowledge',
      dueAt: limits.acknowledgeBy,
      overdue: false,
    });
    for (const status of ['acknowledged', 'assigned', 'investigating', 'reopened'] as const)
      expect(complaintDeadline({ status, ...limits }, now)).toEqual({
        kind: 'resolve',
        dueAt: limits.resolveBy,
        overdue: false,
      });
    expect(complaintDeadline({ status: 'received', ...limits }, new Date('2026-11-27T00:00:00Z'))?.overdue).toBe(true);
    expect(complaintDeadline({ status: 'resolved', ...limits }, now)).toBeUndefined();
    expect(complaintDeadline({ status: 'closed', ...limits }, now)).toBeUndefined();
  });

  it("is assigned to a township's or a county's staff by their unit, to a hotline operator as its handler", () => {
    const who = (role: StaffPrincipal['role'], jurisdiction: string) => ({ sub: 'u1', role, jurisdiction });
    expect(assignedToCaller(who('township_caseworker', '341702001'))).toEqual({
      assigneeLevel: 'township',
      assigneeUnit: '341702001',
    });
    expect(assignedToCaller(who('county_officer', '341702'))).toEqual({
      assigneeLevel: 'county',
      assigneeUnit: '341702',
    });
    expect(assignedToCaller(who('hotline_operator', '34'))).toEqual({ handlerId: 'u1' });
  });

  it('sorts soonest due first (none last, newest first) and keeps the overdue ones when asked', () => {
    const item = (id: string, dueAt?: string) => ({
      complaint: { receivedAt: `2026-11-0${id}T00:00:00.000Z` },
      id,
      deadline: dueAt ? { kind: 'resolve' as const, dueAt, overdue: dueAt < now.toISOString() } : undefined,
    });
    const all = [item('1', '2026-12-01T00:00:00Z'), item('2'), item('3', '2026-11-20T00:00:00Z'), item('4')];
    expect(byDeadline(all, {}).map((i) => i.id)).toEqual(['3', '1', '4', '2']);
    expect(byDeadline(all, { overdue: true }).map((i) => i.id)).toEqual(['3']);
  });
});
