import type { AssignmentState, VisitState } from '../src/domain/assignment';
import { decideScheduleVisit, scheduleVisitCommand } from '../src/domain/schedule-visit/schedule-visit';
import { codeOf, ctx, eventsOf, givenAssignment, givenVisit, now, providerStaff, servedBy } from './fixtures';

const visitId = '0193a000-0000-7000-8000-0000000000aa';
const plan = { workerId: 'worker-7', scheduledFor: '2026-11-26T09:30:00+08:00' };

const schedule = (assignment: AssignmentState | undefined, principal = providerStaff(), current?: VisitState) =>
  decideScheduleVisit(current, { ...plan, visitId, principal, assignment, ...servedBy() }, ctx);

describe('scheduling a visit', () => {
  it('Given an accepted assignment, When my provider schedules a worker, Then a scheduled visit carries the assignment facts, and is told', () => {
    // Given
    const accepted = givenAssignment({ status: 'accepted' });
    // When
    const decision = schedule(accepted);
    // Then
    const visit = {
      visitId,
      referralId: 'ref-1',
      caseId: accepted.caseId,
      region: 'chizhou',
      township: '341702001',
      providerId: 'prov-a',
      workerId: 'worker-7',
      itemCode: 'CZ-QJ-01',
      scheduledFor: '2026-11-26T01:30:00.000Z',
      endsAt: '2026-11-26T02:30:00.000Z',
      status: 'scheduled',
      scheduledBy: 'staff-a',
      scheduledAt: now.toISOString(),
    };
    expect(decision.state).toEqual(visit);
    expect(decision.result).toEqual(visit);
    expect(eventsOf(decision)).toEqual([
      {
        topic: 'carelink.scheduling.visits.v1',
        type: 'visit.scheduled.v1',
        key: accepted.caseId,
        data: {
          visitId,
          referralId: 'ref-1',
          caseId: accepted.caseId,
          region: 'chizhou',
          township: '341702001',
          providerId: 'prov-a',
          workerId: 'worker-7',
          itemCode: 'CZ-QJ-01',
          scheduledFor: '2026-11-26T01:30:00.000Z',
        },
      },
    ]);
  });

  it('Given an assignment only offered, When a visit is scheduled, Then not_accepted (409)', () => {
    // Given
    const offered = givenAssignment({ status: 'offered' });
    // When / Then
    expect(codeOf(() => schedule(offered))).toBe('not_accepted');
  });

  it('Given no assignment, When a visit is scheduled, Then not_found', () => {
    expect(codeOf(() => schedule(undefined))).toBe('not_found');
  });

  it("Given another provider's accepted assignment, When I schedule a visit, Then other_provider", () => {
    const theirs = givenAssignment({ status: 'accepted', providerId: 'prov-b' });
    expect(codeOf(() => schedule(theirs, providerStaff('prov-a')))).toBe('other_provider');
  });

  it('Given the visit under the new id is there already, When decided again, Then nothing more is written or told', () => {
    const scheduled = givenVisit({ visitId });
    const decision = schedule(givenAssignment({ status: 'accepted' }), providerStaff(), scheduled);
    expect(decision).toEqual({ result: scheduled });
  });

  it('Given a scheduled time without an offset, When the command is read, Then it is refused', () => {
    // Given
    const body = { workerId: 'w', scheduledFor: '2026-11-26T09:30:00' };
    // When
    const parsed = scheduleVisitCommand.safeParse(body);
    // Then
    expect(parsed.success).toBe(false);
    expect(scheduleVisitCommand.safeParse({ ...body, scheduledFor: '2026-11-26T09:30:00+08:00' }).success).toBe(true);
  });
});
