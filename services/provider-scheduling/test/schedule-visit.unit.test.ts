import { scheduleVisit, scheduleVisitCommand } from '../src/domain/schedule-visit/schedule-visit';
import { codeOf, givenAssignment, now, providerStaff } from './fixtures';

const visitId = '0193a000-0000-7000-8000-0000000000aa';

describe('scheduling a visit', () => {
  it('Given an accepted assignment, When my provider schedules a worker, Then a scheduled visit carries the assignment facts', () => {
    // Given
    const accepted = givenAssignment({ status: 'accepted' });
    // When
    const visit = scheduleVisit(
      accepted,
      providerStaff(),
      { workerId: 'worker-7', scheduledFor: '2026-11-26T09:30:00+08:00' },
      visitId,
      now,
    );
    // Then
    expect(visit).toEqual({
      visitId,
      referralId: 'ref-1',
      caseId: accepted.caseId,
      region: 'chizhou',
      township: '341702001',
      providerId: 'prov-a',
      workerId: 'worker-7',
      itemCode: 'CZ-QJ-01',
      scheduledFor: '2026-11-26T01:30:00.000Z',
      status: 'scheduled',
      scheduledBy: 'staff-a',
      scheduledAt: now.toISOString(),
    });
  });

  it('Given an assignment only offered, When a visit is scheduled, Then not_accepted (409)', () => {
    // Given
    const offered = givenAssignment({ status: 'offered' });
    // When / Then
    expect(
      codeOf(() =>
        scheduleVisit(
          offered,
          providerStaff(),
          { workerId: 'w', scheduledFor: '2026-11-26T09:30:00+08:00' },
          visitId,
          now,
        ),
      ),
    ).toBe('not_accepted');
  });

  it("Given another provider's accepted assignment, When I schedule a visit, Then other_provider", () => {
    const theirs = givenAssignment({ status: 'accepted', providerId: 'prov-b' });
    expect(
      codeOf(() =>
        scheduleVisit(
          theirs,
          providerStaff('prov-a'),
          { workerId: 'w', scheduledFor: '2026-11-26T09:30:00+08:00' },
          visitId,
          now,
        ),
      ),
    ).toBe('other_provider');
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
