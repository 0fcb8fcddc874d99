import type { StaffPrincipal } from '@carelink/auth';
import { useCaseContext } from '@carelink/contracts';
import { AppError } from '@carelink/http';
import type { VisitState } from '../src/domain/assignment';
import type { PlanState } from '../src/domain/service-plan/plan';
import { decideCheckIn, decideCheckOut, type OnSite } from '../src/domain/verify-delivery/check-in-out';
import {
  assertChannelMay,
  awaitingConfirmation,
  decideConfirmation,
  decideConfirmationDeadline,
  decideDispute,
  decidePaperConfirmation,
  workerDisplayName,
} from '../src/domain/verify-delivery/confirmation';
import { distanceMeters, placeOf } from '../src/domain/verify-delivery/visit-place';
import { decideAddPhoto } from '../src/domain/verify-delivery/visit-photos';
import {
  codeOf,
  ctx,
  errorOf,
  eventsOf,
  givenAssignment,
  givenVisit,
  issuedCode,
  now,
  providerStaff,
  townshipCaseworker,
  verificationRules,
} from './fixtures';

/** The recipient's home (池阳街道, DEMO) and points measured from it. */
const home = { lat: 30.656, lng: 117.489 };
const atHome = { lat: 30.6562, lng: 117.4891, accuracyMeters: 12 };
/** About 1.1 km north. */
const farAway = { lat: 30.666, lng: 117.489, accuracyMeters: 20 };

const plan = (over: Partial<PlanState> = {}): PlanState => ({
  planId: 'ref-1',
  referralId: 'ref-1',
  caseId: givenVisit().caseId,
  caseNumber: 'CZ341702-2026-000001',
  region: 'chizhou',
  township: '341702001',
  providerId: 'prov-a',
  itemCode: 'CZ-QJ-01',
  person: { personId: 'p_0123456789abcdef', name: '张三' },
  status: 'approved',
  approvedVersion: 1,
  versions: [
    {
      version: 1,
      rrule: 'FREQ=WEEKLY;BYDAY=WE;BYHOUR=8;BYMINUTE=0',
      startDate: '2026-11-25',
      endDate: '2027-05-25',
      durationMinutes: 60,
      tasks: ['打扫卫生', '陪同散步'],
      workerId: 'worker-7',
      proposedBy: 'staff-a',
      proposedAt: '2026-11-24T12:00:00.000Z',
    },
  ],
  home: { ...home, recordedBy: 'staff-a', recordedAt: '2026-11-24T12:00:00.000Z' },
  ...over,
});

const site = (over: Partial<OnSite> = {}): OnSite => ({
  principal: providerStaff(),
  assignment: givenAssignment({ status: 'accepted' }),
  plan: plan(),
  rules: verificationRules,
  ...over,
});

/** A planned visit (scheduled 2026-11-25 08:00 China time; now is 09:00). */
const planned = (over: Partial<VisitState> = {}) =>
  givenVisit({ plan: { planId: 'ref-1', version: 1 }, tasks: ['打扫卫生', '陪同散步'], ...over });

const at = (iso: string) => useCaseContext(new Date(iso));
const later = at('2026-11-25T10:00:00+08:00');

function checkedIn(position = atHome) {
  return decideCheckIn(planned(), { ...site(), position }, ctx).state!;
}

function checkedOut(position = atHome, tasksDone = ['打扫卫生']) {
  return decideCheckOut(checkedIn(position), { ...site(), position, tasksDone, units: 1, issued: issuedCode }, later)
    .state!;
}

describe('the distance from home (haversine)', () => {
  it('is zero at the same point and symmetric', () => {
    expect(distanceMeters(home, home)).toBe(0);
    expect(distanceMeters(home, farAway)).toBe(distanceMeters(farAway, home));
  });

  it('measures a known distance: one degree of latitude is about 111.2 km; Beijing–Shanghai about 1,067 km', () => {
    expect(distanceMeters({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBe(111_195);
    const km = distanceMeters({ lat: 39.9042, lng: 116.4074 }, { lat: 31.2304, lng: 121.4737 }) / 1000;
    expect(km).toBeGreaterThan(1060);
    expect(km).toBeLessThan(1075);
  });

  it('flags farther than the pack distance, not at it; measures nothing without a position or a home', () => {
    expect(placeOf(atHome, home, 500)).toEqual({ distanceMeters: 24, accuracyMeters: 12, farFromHome: false });
    expect(placeOf(farAway, home, 500)).toMatchObject({ farFromHome: true });
    expect(placeOf(farAway, home, 500).distanceMeters).toBeGreaterThan(1000);
    const d = distanceMeters(farAway, home);
    expect(placeOf(farAway, home, d).farFromHome).toBe(false);
    expect(placeOf(farAway, home, d - 1).farFromHome).toBe(true);
    expect(placeOf(undefined, home, 500)).toEqual({ farFromHome: false });
    expect(placeOf(atHome, undefined, 500)).toEqual({ farFromHome: false });
  });
});

describe('checking in (签到)', () => {
  it('Given a scheduled visit, When its worker checks in near home, Then it is checked in with the distance, and visit.checked-in.v1 says so', () => {
    const decision = decideCheckIn(planned(), { ...site(), position: atHome }, ctx);
    expect(decision.state).toMatchObject({
      status: 'checked_in',
      checkIn: { at: now.toISOString(), by: 'staff-a', place: { distanceMeters: 24, farFromHome: false } },
    });
    expect(eventsOf(decision)).toEqual([
      expect.objectContaining({
        type: 'visit.checked-in.v1',
        data: expect.objectContaining({ checkedInAt: now.toISOString(), distanceMeters: 24, farFromHome: false }),
      }),
    ]);
  });

  it('flags a check-in far from home; without a position the place is unknown and not flagged', () => {
    expect(checkedIn(farAway).checkIn!.place.farFromHome).toBe(true);
    const unknown = decideCheckIn(planned(), site(), ctx);
    expect(unknown.state!.checkIn!.place).toEqual({ farFromHome: false });
    expect(eventsOf(unknown)[0]!.data).not.toHaveProperty('distanceMeters');
  });

  it('answers a retry with the visit as it is, and no second event', () => {
    const again = decideCheckIn(checkedIn(), site(), later);
    expect(again.state).toBeUndefined();
    expect(again.events ?? []).toEqual([]);
    expect(again.result!.checkIn!.at).toBe(now.toISOString());
  });

  it('refuses a cancelled or delivered visit, another provider, more than a day early, before the plan, after a stop', () => {
    expect(codeOf(() => decideCheckIn(planned({ status: 'cancelled' }), site(), ctx))).toBe('visit_cancelled');
    expect(codeOf(() => decideCheckIn(checkedOut(), site(), ctx))).toBe('already_delivered');
    expect(codeOf(() => decideCheckIn(planned(), site({ principal: providerStaff('prov-b') }), ctx))).toBe(
      'other_provider',
    );
    expect(codeOf(() => decideCheckIn(planned({ scheduledFor: '2026-11-26T02:00:00.000Z' }), site(), ctx))).toBe(
      'check_in_too_early',
    );
    const laterPlan = plan({ versions: [{ ...plan().versions[0]!, startDate: '2026-11-26' }] });
    expect(codeOf(() => decideCheckIn(planned(), site({ plan: laterPlan }), ctx))).toBe('before_plan');
    const stopped = givenAssignment({
      status: 'cancelled',
      cancellation: { reason: '救助身份变更', at: '2026-11-25T00:30:00.000Z' },
    });
    const error = errorOf(() => decideCheckIn(planned(), site({ assignment: stopped }), ctx));
    expect(error.code).toBe('service_stopped');
    expect(AppError.fromDomain(error).status).toBe(409);
    expect(
      codeOf(() => decideCheckIn(planned(), site({ assignment: givenAssignment({ status: 'withdrawn' }) }), ctx)),
    ).toBe('assignment_withdrawn');
    expect(
      codeOf(() =>
        decideCheckIn(planned(), site({ assignment: givenAssignment({ offeredAt: '2026-11-25T02:00:00.000Z' }) }), ctx),
      ),
    ).toBe('before_referral');
  });
});

describe('checking out (签退)', () => {
  it('Given a checked-in visit, When its worker checks out, Then it is delivered with tasks done and not done, and the recipient is asked to confirm by confirmBy', () => {
    const decision = decideCheckOut(
      checkedIn(),
      { ...site(), position: atHome, tasksDone: ['打扫卫生'], units: 1, issued: issuedCode },
      later,
    );
    const confirmBy = new Date(later.now.getTime() + 72 * 3600_000).toISOString();
    expect(decision.state).toMatchObject({
      status: 'delivered',
      checkOut: { tasksDone: ['打扫卫生'], tasksNotDone: ['陪同散步'], place: { farFromHome: false } },
      delivery: { deliveredAt: later.now.toISOString(), units: 1 },
      verification: { state: 'awaiting', confirmBy, attemptsLeft: 3 },
      codeDigest: issuedCode.digest,
    });
    expect(decision.result!.confirmationCode).toBe(issuedCode.code);
    expect(eventsOf(decision)).toEqual([
      expect.objectContaining({
        type: 'visit.checked-out.v1',
        data: expect.objectContaining({
          checkedInAt: now.toISOString(),
          checkedOutAt: later.now.toISOString(),
          tasksDone: ['打扫卫生'],
          tasksNotDone: ['陪同散步'],
          photoCount: 0,
          confirmBy,
        }),
      }),
    ]);
    expect(JSON.stringify(eventsOf(decision))).not.toContain(issuedCode.code);
  });

  it('answers a retry with the same visit and never a second code', () => {
    const again = decideCheckOut(
      checkedOut(),
      { ...site(), tasksDone: [], units: 1, issued: { code: '999999', digest: 'other' } },
      later,
    );
    expect(again.state).toBeUndefined();
    expect(again.result!.confirmationCode).toBeUndefined();
    expect(again.result!.visit.codeDigest).toBe(issuedCode.digest);
  });

  it('refuses without a check-in, a task not of the visit, a check-out not after the check-in', () => {
    const out = (visit: VisitState, tasksDone: string[] = [], c = later) =>
      codeOf(() => decideCheckOut(visit, { ...site(), tasksDone, units: 1, issued: issuedCode }, c));
    expect(out(planned())).toBe('not_checked_in');
    expect(out(checkedIn(), ['洗衣做饭'])).toBe('unknown_task');
    expect(out(checkedIn(), [], ctx)).toBe('check_out_before_check_in');
    expect(out(planned({ status: 'cancelled' }))).toBe('visit_cancelled');
  });

  it('flags the delivered visit far from home when either end was far', () => {
    const visit = decideCheckOut(
      checkedIn(farAway),
      { ...site(), position: atHome, tasksDone: [], units: 1, issued: issuedCode },
      later,
    );
    expect(eventsOf(visit)[0]!.data).toMatchObject({ farFromHome: true, distanceMeters: 24 });
  });

  it('takes photos only between check-in and check-out, six at most', () => {
    const photo = { photoId: 'p1', contentType: 'image/jpeg', size: 10 };
    expect(codeOf(() => decideAddPhoto(planned(), { principal: providerStaff(), photo }, ctx))).toBe('not_checked_in');
    let visit = checkedIn();
    for (let i = 0; i < 6; i++) visit = decideAddPhoto(visit, { principal: providerStaff(), photo }, ctx).state!;
    expect(visit.photos).toHaveLength(6);
    expect(codeOf(() => decideAddPhoto(visit, { principal: providerStaff(), photo }, ctx))).toBe('too_many_photos');
  });
});

describe("the recipient's confirmation (one-time code)", () => {
  const open = at('2026-11-26T10:00:00+08:00');
  const confirm = (visit: VisitState, digest: string, c = open) =>
    decideConfirmation(visit, { digest, via: 'telegram' }, c);

  it('Given the right code in time, Then verified (code_confirmed): visit.verified.v1 and visit.delivered.v2 once', () => {
    const decision = confirm(checkedOut(), issuedCode.digest);
    expect(decision.result).toEqual({ verification: 'verified' });
    expect(decision.state!.verification).toMatchObject({
      state: 'verified',
      reason: 'code_confirmed',
      via: 'telegram',
      settledAt: open.now.toISOString(),
    });
    expect(eventsOf(decision).map((e) => e.type)).toEqual(['visit.verified.v1', 'visit.delivered.v2']);
    expect(eventsOf(decision)[1]!.data).toMatchObject({
      verification: 'verified',
      verificationReason: 'code_confirmed',
      units: 1,
      tasksDone: ['打扫卫生'],
      checkedInAt: now.toISOString(),
      deliveredAt: later.now.toISOString(),
      farFromHome: false,
    });
    // Settled: nothing more can change it.
    expect(codeOf(() => confirm(decision.state!, issuedCode.digest))).toBe('confirmation_closed');
  });

  it('Given a wrong code, Then it stays awaiting with one try fewer and nothing is published', () => {
    const decision = confirm(checkedOut(), 'wrong');
    expect(decision.result).toEqual({ verification: 'awaiting', wrongCode: true, attemptsLeft: 2 });
    expect(decision.state!.verification).toMatchObject({ state: 'awaiting', attemptsLeft: 2 });
    expect(decision.events ?? []).toEqual([]);
  });

  it('Given the last try wrong, Then unverified (wrong_code_limit) and visit.delivered.v2 says so; the right code after it is refused', () => {
    let visit = checkedOut();
    visit = confirm(visit, 'wrong').state!;
    visit = confirm(visit, 'wrong').state!;
    const last = confirm(visit, 'wrong');
    expect(last.result).toEqual({ verification: 'unverified', wrongCode: true, attemptsLeft: 0 });
    expect(eventsOf(last).map((e) => [e.type, (e.data as Record<string, unknown>).verificationReason])).toEqual([
      ['visit.delivered.v2', 'wrong_code_limit'],
    ]);
    expect(codeOf(() => confirm(last.state!, issuedCode.digest))).toBe('confirmation_closed');
  });

  it('Given the right code after confirmBy, Then confirmation_closed (409)', () => {
    const visit = checkedOut();
    const expired = at(visit.verification!.confirmBy);
    const error = errorOf(() => confirm(visit, issuedCode.digest, expired));
    expect(error.code).toBe('confirmation_closed');
    expect(AppError.fromDomain(error).status).toBe(409);
  });

  it('Given a dispute in time, Then disputed (resident_disputed) with their words', () => {
    const decision = decideDispute(checkedOut(), { via: 'ivr', reason: '今天没有人来' }, open);
    expect(decision.result).toEqual({ verification: 'disputed' });
    expect(eventsOf(decision).map((e) => e.type)).toEqual(['visit.disputed.v1', 'visit.delivered.v2']);
    expect(eventsOf(decision)[0]!.data).toMatchObject({ disputedVia: 'ivr', reason: '今天没有人来' });
    expect(eventsOf(decision)[1]!.data).toMatchObject({
      verification: 'disputed',
      verificationReason: 'resident_disputed',
    });
  });

  it('settles a visit still awaiting at confirmBy unverified (no_confirmation_in_time), once; early is refused, settled is left', () => {
    const visit = checkedOut();
    expect(() => decideConfirmationDeadline(visit, open)).toThrow(/try later/);
    const deadline = decideConfirmationDeadline(visit, at(visit.verification!.confirmBy));
    expect(deadline.result).toBe('unverified');
    expect(
      eventsOf(deadline).map((e) => [
        e.type,
        (e.data as Record<string, unknown>).verification,
        (e.data as Record<string, unknown>).verificationReason,
      ]),
    ).toEqual([['visit.delivered.v2', 'unverified', 'no_confirmation_in_time']]);
    const twice = decideConfirmationDeadline(deadline.state!, at(visit.verification!.confirmBy));
    expect(twice.events ?? []).toEqual([]);
    const verified = confirm(visit, issuedCode.digest).state!;
    expect(decideConfirmationDeadline(verified, at(visit.verification!.confirmBy)).result).toBe('verified');
  });

  it("records a township clerk's paper confirmation only while open, only in the clerk's township", () => {
    const visit = checkedOut();
    const decision = decidePaperConfirmation(
      visit,
      { principal: townshipCaseworker(), reason: '服务确认单，本人签字' },
      open,
    );
    expect(decision.state!.verification).toMatchObject({
      state: 'verified',
      reason: 'paper_confirmed',
      via: 'township',
      paper: { recordedBy: 'clerk', note: '服务确认单，本人签字' },
    });
    expect(eventsOf(decision)[0]!.data).toMatchObject({ confirmedVia: 'township' });
    expect(
      codeOf(() =>
        decidePaperConfirmation(visit, { principal: townshipCaseworker('341702002'), reason: '签字单' }, open),
      ),
    ).toBe('outside_jurisdiction');
    const settled = decideConfirmationDeadline(visit, at(visit.verification!.confirmBy)).state!;
    expect(
      codeOf(() =>
        decidePaperConfirmation(
          settled,
          { principal: townshipCaseworker(), reason: '签字单' },
          at('2026-12-01T00:00:00Z'),
        ),
      ),
    ).toBe('confirmation_closed');
    expect(codeOf(() => decidePaperConfirmation(visit, { principal: providerStaff(), reason: '签字单' }, open))).toBe(
      'role_not_allowed',
    );
  });
});

describe('what the channels see', () => {
  const adapter = (channel: 'chatbot' | 'ivr', region = 'chizhou', jurisdiction = '3417'): StaffPrincipal => ({
    sub: `${channel}-adapter`,
    role: 'channel_adapter',
    region,
    jurisdiction,
    channel,
  });

  it('lets an adapter act only for its own channel and region', () => {
    const visit = checkedOut();
    expect(codeOf(() => assertChannelMay(adapter('chatbot'), 'telegram', visit))).toBe('no error');
    expect(codeOf(() => assertChannelMay(adapter('ivr'), 'ivr', visit))).toBe('no error');
    expect(codeOf(() => assertChannelMay(adapter('chatbot'), 'ivr', visit))).toBe('channel_mismatch');
    expect(codeOf(() => assertChannelMay(adapter('chatbot', 'changji', '6523'), 'telegram', visit))).toBe(
      'outside_jurisdiction',
    );
  });

  it('lists the open confirmations oldest first, the worker by surname and 师傅', () => {
    const older = { ...checkedOut(), visitId: 'v-old', scheduledFor: '2026-11-24T00:00:00.000Z' };
    const newer = checkedOut();
    const settled = decideConfirmationDeadline(
      { ...checkedOut(), visitId: 'v-settled' },
      at(newer.verification!.confirmBy),
    ).state!;
    const listed = awaitingConfirmation([newer, settled, older], new Map([['worker-7', '李护理']]), later.now);
    expect(listed.map((v) => v.visitId)).toEqual(['v-old', newer.visitId]);
    expect(listed[1]).toEqual({
      visitId: newer.visitId,
      itemCode: 'CZ-QJ-01',
      workerDisplayName: '李师傅',
      scheduledFor: newer.scheduledFor,
      checkedInAt: now.toISOString(),
      checkedOutAt: later.now.toISOString(),
      confirmBy: newer.verification!.confirmBy,
      attemptsLeft: 3,
    });
    expect(awaitingConfirmation([newer], new Map(), at(newer.verification!.confirmBy).now)).toEqual([]);
  });

  it('says a name written with a separator dot by its first part', () => {
    expect(workerDisplayName('张三')).toBe('张师傅');
    expect(workerDisplayName('艾力·买买提')).toBe('艾力师傅');
  });
});
