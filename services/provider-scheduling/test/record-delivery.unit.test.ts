import { recordDelivery, recordDeliveryCommand } from '../src/domain/record-delivery/record-delivery';
import { codeOf, givenVisit, now, providerStaff } from './fixtures';

// The visit is scheduled for 2026-11-25T00:00Z; now is 2026-11-25T01:00Z.
describe('recording a delivered visit (服务记录)', () => {
  it('Given a scheduled visit, When my provider records it delivered, Then it is delivered with units, note and recorder', () => {
    // Given
    const visit = givenVisit();
    // When
    const result = recordDelivery(
      visit,
      providerStaff('prov-a', 'staff-a'),
      { deliveredAt: '2026-11-25T08:30:00+08:00', units: 2, note: '打扫卫生' },
      now,
    );
    // Then
    expect(result).toEqual({
      status: 'delivered',
      delivery: {
        deliveredAt: '2026-11-25T00:30:00.000Z',
        units: 2,
        note: '打扫卫生',
        recordedBy: 'staff-a',
        recordedAt: now.toISOString(),
      },
    });
  });

  it('Given a delivery time after now, When recorded, Then delivered_in_future (400)', () => {
    // Given: one minute after now
    const command = { deliveredAt: '2026-11-25T09:01:00+08:00', units: 1 };
    // When / Then
    expect(codeOf(() => recordDelivery(givenVisit(), providerStaff(), command, now))).toBe('delivered_in_future');
    expect(
      codeOf(() =>
        recordDelivery(givenVisit(), providerStaff(), { ...command, deliveredAt: '2026-11-25T09:00:00+08:00' }, now),
      ),
    ).toBe('no error');
  });

  it('Given a delivery time more than a day before the scheduled time, When recorded, Then delivered_before_scheduled (400)', () => {
    // Given
    const visit = givenVisit({ scheduledFor: '2026-11-25T00:00:00.000Z' });
    // When / Then: exactly one day before is still accepted, a minute more is not
    expect(
      codeOf(() => recordDelivery(visit, providerStaff(), { deliveredAt: '2026-11-24T00:00:00Z', units: 1 }, now)),
    ).toBe('no error');
    expect(
      codeOf(() => recordDelivery(visit, providerStaff(), { deliveredAt: '2026-11-23T23:59:00Z', units: 1 }, now)),
    ).toBe('delivered_before_scheduled');
  });

  it('Given zero or fractional units, When recorded, Then invalid_units, and the command schema refuses them too', () => {
    expect(
      codeOf(() =>
        recordDelivery(givenVisit(), providerStaff(), { deliveredAt: '2026-11-25T08:00:00+08:00', units: 0 }, now),
      ),
    ).toBe('invalid_units');
    expect(
      codeOf(() =>
        recordDelivery(givenVisit(), providerStaff(), { deliveredAt: '2026-11-25T08:00:00+08:00', units: 1.5 }, now),
      ),
    ).toBe('invalid_units');
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
    expect(
      codeOf(() =>
        recordDelivery(delivered, providerStaff(), { deliveredAt: '2026-11-25T08:30:00+08:00', units: 1 }, now),
      ),
    ).toBe('already_delivered');
  });

  it("Given another provider's visit, When I record it, Then other_provider", () => {
    expect(
      codeOf(() =>
        recordDelivery(
          givenVisit({ providerId: 'prov-b' }),
          providerStaff('prov-a'),
          { deliveredAt: '2026-11-25T08:30:00+08:00', units: 1 },
          now,
        ),
      ),
    ).toBe('other_provider');
  });
});
