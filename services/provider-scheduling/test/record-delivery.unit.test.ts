import { AppError } from '@carelink/http';
import type { AssignmentState, VisitState } from '../src/domain/assignment';
import {
  decideRecordDelivery,
  recordDeliveryCommand,
  type RecordDelivery,
} from '../src/domain/record-delivery/record-delivery';
import {
  codeOf,
  ctx,
  errorOf,
  eventsOf,
  givenVisit,
  issuedCode,
  now,
  providerStaff,
  verificationRules,
} from './fixtures';

const record = (
  visit: VisitState | undefined,
  command: RecordDelivery,
  assignment?: AssignmentState,
  principal = providerStaff(),
) =>
  decideRecordDelivery(
    visit,
    { ...command, principal, rules: verificationRules, issued: issuedCode, ...(assignment ? { assignment } : {}) },
    ctx,
  );

// The visit is scheduled for 2026-11-25T00:00Z; now is 2026-11-25T01:00Z.
describe('recording a delivered visit (服务记录)', () => {
  it('Given a scheduled visit, When my provider records it delivered, Then it is delivered without a place and its recipient is asked to confirm with a one-time code', () => {
    // Given
    const visit = givenVisit();
    // When
    const decision = record(
      visit,
      { deliveredAt: '2026-11-25T08:30:00+08:00', units: 2, note: '打扫卫生' },
      undefined,
      providerStaff('prov-a', 'staff-a'),
    );
    // Then: delivered, the code's digest kept, 72 hours and 3 tries to confirm
    const confirmBy = new Date(now.getTime() + 72 * 3600_000).toISOString();
    const delivered = {
      ...visit,
      status: 'delivered',
      delivery: {
        deliveredAt: '2026-11-25T00:30:00.000Z',
        units: 2,
        note: '打扫卫生',
        recordedBy: 'staff-a',
        recordedAt: now.toISOString(),
      },
      codeDigest: issuedCode.digest,
      verification: { state: 'awaiting', confirmBy, attemptsLeft: 3 },
    };
    expect(decision.state).toEqual(delivered);
    expect(decision.result).toEqual({ visit: delivered, confirmationCode: issuedCode.code });
    // The recipient's channels are told to ask (never the code); visit.delivered.v2 waits for the verdict.
    expect(eventsOf(decision)).toEqual([
      {
        topic: 'carelink.scheduling.visits.v1',
        type: 'visit.checked-out.v1',
        key: visit.caseId,
        data: {
          visitId: visit.visitId,
          referralId: 'ref-1',
          caseId: visit.caseId,
          region: 'chizhou',
          township: '341702001',
          providerId: 'prov-a',
          workerId: 'worker-7',
          itemCode: 'CZ-QJ-01',
          scheduledFor: visit.scheduledFor,
          checkedInAt: '2026-11-25T00:30:00.000Z',
          checkedOutAt: '2026-11-25T00:30:00.000Z',
          tasksDone: [],
          tasksNotDone: [],
          photoCount: 0,
          farFromHome: false,
          confirmBy,
        },
      },
    ]);
    expect(JSON.stringify(eventsOf(decision))).not.toContain(issuedCode.code);
  });

  it('Given no note, When recorded, Then neither the visit nor the event carries one', () => {
    const decision = record(givenVisit(), { deliveredAt: '2026-11-25T08:30:00+08:00', units: 1 });
    expect(decision.result?.visit.delivery).not.toHaveProperty('note');
    expect(eventsOf(decision)[0]!.data).not.toHaveProperty('note');
  });

  it('Given a delivery time after now, When recorded, Then delivered_in_future (400)', () => {
    // Given: one minute after now
    const command = { deliveredAt: '2026-11-25T09:01:00+08:00', units: 1 };
    // When / Then
    const error = errorOf(() => record(givenVisit(), command));
    expect(error.code).toBe('delivered_in_future');
    expect(AppError.fromDomain(error).status).toBe(400);
    expect(codeOf(() => record(givenVisit(), { ...command, deliveredAt: '2026-11-25T09:00:00+08:00' }))).toBe(
      'no error',
    );
  });

  it('Given a delivery time more than a day before the scheduled time, When recorded, Then delivered_before_scheduled (400)', () => {
    // Given
    const visit = givenVisit({ scheduledFor: '2026-11-25T00:00:00.000Z' });
    // When / Then: exactly one day before is still accepted, a minute more is not
    expect(codeOf(() => record(visit, { deliveredAt: '2026-11-24T00:00:00Z', units: 1 }))).toBe('no error');
    expect(codeOf(() => record(visit, { deliveredAt: '2026-11-23T23:59:00Z', units: 1 }))).toBe(
      'delivered_before_scheduled',
    );
  });

  it('Given zero or fractional units, When recorded, Then invalid_units, and the command schema refuses them too', () => {
    expect(codeOf(() => record(givenVisit(), { deliveredAt: '2026-11-25T08:00:00+08:00', units: 0 }))).toBe(
      'invalid_units',
    );
    expect(codeOf(() => record(givenVisit(), { deliveredAt: '2026-11-25T08:00:00+08:00', units: 1.5 }))).toBe(
      'invalid_units',
    );
    expect(recordDeliveryCommand.safeParse({ deliveredAt: '2026-11-25T08:00:00+08:00', units: 0 }).success).toBe(false);
    expect(
      recordDeliveryCommand.safeParse({ deliveredAt: '2026-11-25T08:00:00+08:00', units: 1, note: 'x'.repeat(2001) })
        .success,
    ).toBe(false);
  });

  it('Given a visit already delivered, When recorded again, Then already_delivered (409)', () => {
    const delivered = givenVisit({
      status: 'delivered',
      delivery: {
        deliveredAt: '2026-11-25T00:30:00.000Z',
        units: 1,
        recordedBy: 'staff-a',
        recordedAt: now.toISOString(),
      },
    });
    const error = errorOf(() => record(delivered, { deliveredAt: '2026-11-25T08:30:00+08:00', units: 1 }));
    expect(error.code).toBe('already_delivered');
    expect(AppError.fromDomain(error).status).toBe(409);
  });

  it('Given a visit its worker checked in, When recorded afterwards, Then checked_in (409): the worker checks it out', () => {
    const checkedIn = givenVisit({
      status: 'checked_in',
      checkIn: { at: '2026-11-25T00:10:00.000Z', by: 'staff-a', place: { farFromHome: false } },
    });
    expect(codeOf(() => record(checkedIn, { deliveredAt: '2026-11-25T08:30:00+08:00', units: 1 }))).toBe('checked_in');
  });

  it('Given no visit under the id, When recorded, Then not_found', () => {
    expect(codeOf(() => record(undefined, { deliveredAt: '2026-11-25T08:30:00+08:00', units: 1 }))).toBe('not_found');
  });

  it("Given another provider's visit, When I record it, Then other_provider", () => {
    expect(
      codeOf(() =>
        record(
          givenVisit({ providerId: 'prov-b' }),
          { deliveredAt: '2026-11-25T08:30:00+08:00', units: 1 },
          undefined,
          providerStaff('prov-a'),
        ),
      ),
    ).toBe('other_provider');
  });
});
