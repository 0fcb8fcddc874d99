import { PolicyPacks, type PolicyPack } from '@carelink/policy';
import { decideCancelVisit, decideRescheduleVisit, decideVisitReminder } from '../src/domain/change-visit/change-visit';
import { decideScheduleVisit } from '../src/domain/schedule-visit/schedule-visit';
import { decideProposePlan } from '../src/domain/service-plan/propose-plan';
import { decideApprovePlan, decideReturnPlan, decideStopPlan } from '../src/domain/service-plan/review-plan';
import { reminderBoard, VISIT_REMINDER } from '../src/entry-points/jobs/job-handlers';
import {
  codeOf,
  ctx,
  errorOf,
  eventsOf,
  givenAssignment,
  givenPlan,
  givenVisit,
  givenWorker,
  providerStaff,
  townshipCaseworker,
  trainingRule,
} from './fixtures';

const accepted = givenAssignment({ status: 'accepted', acceptedAt: '2026-11-24T11:00:00.000Z' });
const terms = givenPlan().versions[0]!;
const { version: _v, proposedBy: _b, proposedAt: _a, ...proposal } = terms;
const propose = (current = undefined as Parameters<typeof decideProposePlan>[0], over: object = {}) =>
  decideProposePlan(
    current,
    { ...proposal, principal: providerStaff(), assignment: accepted, worker: givenWorker(), trainingRule, ...over },
    ctx,
  );

describe('a service plan (服务方案): proposed by the provider, reviewed by the township, versioned', () => {
  it('Given an accepted assignment, When the provider proposes, Then version 1 awaits the township (plan.proposed.v1)', () => {
    const decision = propose();
    expect(decision.result).toMatchObject({
      planId: 'ref-1',
      status: 'proposed',
      versions: [{ version: 1, workerId: 'worker-7' }],
    });
    expect(eventsOf(decision)[0]).toMatchObject({
      type: 'plan.proposed.v1',
      key: accepted.caseId,
      data: { planVersion: 1, rrule: terms.rrule, durationMinutes: 60, tasks: ['打扫卫生', '测量血压'] },
    });
  });

  it('refuses a plan naming an untrained worker, and a plan of an assignment only offered', () => {
    expect(codeOf(() => propose(undefined, { worker: givenWorker({ training: [] }) }))).toBe('worker_not_trained');
    expect(codeOf(() => propose(undefined, { assignment: givenAssignment({ status: 'offered' }) }))).toBe(
      'not_accepted',
    );
    expect(codeOf(() => propose(undefined, { principal: providerStaff('prov-b') }))).toBe('other_provider');
  });

  it('Given the township of the person, When it approves, Then the plan is approved at that version (plan.approved.v1)', () => {
    const decision = decideApprovePlan(givenPlan(), { principal: townshipCaseworker() }, ctx);
    expect(decision.result).toMatchObject({ status: 'approved', approvedVersion: 1 });
    expect(decision.result?.versions[0]?.review).toMatchObject({ outcome: 'approved', by: 'clerk' });
    expect(eventsOf(decision).map((e) => e.type)).toEqual(['plan.approved.v1']);
  });

  it('is reviewed only by the township covering the person, and only while proposed', () => {
    expect(codeOf(() => decideApprovePlan(givenPlan(), { principal: townshipCaseworker('341702002') }, ctx))).toBe(
      'outside_jurisdiction',
    );
    expect(codeOf(() => decideApprovePlan(givenPlan(), { principal: providerStaff() }, ctx))).toBe('role_not_allowed');
    const approved = decideApprovePlan(givenPlan(), { principal: townshipCaseworker() }, ctx).result!;
    expect(codeOf(() => decideApprovePlan(approved, { principal: townshipCaseworker() }, ctx))).toBe(
      'plan_not_proposed',
    );
  });

  it('Given a proposal, When the township returns it with a reason, Then it is returned and the provider changes it with a reason', () => {
    const returned = decideReturnPlan(
      givenPlan(),
      { principal: townshipCaseworker(), reason: '频次过高' },
      ctx,
    ).result!;
    expect(returned.status).toBe('returned');
    expect(returned.versions[0]?.review).toMatchObject({ outcome: 'returned', reason: '频次过高' });
    expect(codeOf(() => propose(returned))).toBe('reason_required');
    const changed = propose(returned, { rrule: 'FREQ=WEEKLY;BYDAY=TU;BYHOUR=9', reason: '按乡镇意见改为每周一次' });
    expect(changed.result?.versions.map((v) => [v.version, v.reason])).toEqual([
      [1, undefined],
      [2, '按乡镇意见改为每周一次'],
    ]);
    expect(eventsOf(changed)[0]).toMatchObject({
      type: 'plan.changed.v1',
      data: { planVersion: 2, previousVersion: 1, reason: '按乡镇意见改为每周一次' },
    });
  });
});

describe('the stop rule: nothing after the service stopped', () => {
  const stop = { reason: '救助身份变更，服务停止', at: '2026-12-05T02:00:00.000Z' };
  const approved = givenPlan({ status: 'approved', approvedVersion: 1 });

  it('stops a plan once (plan.stopped.v1); told again, nothing changes', () => {
    const first = decideStopPlan(approved, stop);
    expect(first.state).toMatchObject({ status: 'stopped', stop });
    expect(eventsOf(first).map((e) => e.type)).toEqual(['plan.stopped.v1']);
    expect(decideStopPlan(first.state, stop)).toEqual({ result: false });
    expect(decideStopPlan(undefined, stop)).toEqual({ result: false });
  });

  const schedule = (plan: typeof approved, scheduledFor: string) =>
    codeOf(() =>
      decideScheduleVisit(
        undefined,
        {
          workerId: 'worker-7',
          scheduledFor,
          visitId: 'v-1',
          principal: providerStaff(),
          assignment: accepted,
          plan,
          worker: givenWorker(),
          trainingRule,
        },
        ctx,
      ),
    );

  it('refuses a visit of a stopped plan, and one before or after the approved plan’s days', () => {
    expect(schedule(decideStopPlan(approved, stop).state!, '2026-12-08T09:00:00+08:00')).toBe('service_stopped');
    expect(schedule(approved, '2026-11-30T09:00:00+08:00')).toBe('scheduled_before_plan');
    expect(schedule(approved, '2027-01-01T09:00:00+08:00')).toBe('scheduled_after_plan');
    expect(schedule(approved, '2026-12-02T09:00:00+08:00')).toBe('no error');
  });

  it('cancels a scheduled visit for the stop (visit.cancelled.v1, cause service_stopped), once; a delivered one stays', () => {
    const cancel = (visit = givenVisit()) =>
      decideCancelVisit(visit, { reason: stop.reason, cause: 'service_stopped' }, ctx);
    const first = cancel();
    expect(first.state).toMatchObject({
      status: 'cancelled',
      cancellation: { cause: 'service_stopped', by: 'platform' },
    });
    expect(eventsOf(first)[0]).toMatchObject({
      type: 'visit.cancelled.v1',
      data: { cause: 'service_stopped', reason: stop.reason },
    });
    expect(cancel(first.state)).toEqual({ result: first.state });
    expect(codeOf(() => cancel(givenVisit({ status: 'delivered' })))).toBe('already_delivered');
  });
});

describe('moving and reminding a visit', () => {
  const facts = {
    principal: providerStaff(),
    assignment: accepted,
    plan: undefined,
    worker: givenWorker(),
    trainingRule,
  };
  const visit = givenVisit({ scheduledFor: '2026-11-27T01:00:00.000Z', endsAt: '2026-11-27T02:00:00.000Z' });

  it('moves a visit keeping its old time, duration and the reason (visit.rescheduled.v1)', () => {
    const decision = decideRescheduleVisit(
      visit,
      { ...facts, scheduledFor: '2026-11-28T14:00:00+08:00', reason: '老人外出复诊' },
      ctx,
    );
    expect(decision.result).toMatchObject({
      scheduledFor: '2026-11-28T06:00:00.000Z',
      endsAt: '2026-11-28T07:00:00.000Z',
      reschedules: [{ scheduledFor: visit.scheduledFor, workerId: 'worker-7', reason: '老人外出复诊' }],
    });
    expect(eventsOf(decision)[0]).toMatchObject({
      type: 'visit.rescheduled.v1',
      data: { previousScheduledFor: visit.scheduledFor },
    });
  });

  it('refuses a move into the past, to an unqualified worker, or of a cancelled visit', () => {
    expect(
      codeOf(() =>
        decideRescheduleVisit(visit, { ...facts, scheduledFor: '2026-11-20T09:00:00+08:00', reason: 'x' }, ctx),
      ),
    ).toBe('rescheduled_into_past');
    expect(
      codeOf(() =>
        decideRescheduleVisit(
          visit,
          {
            ...facts,
            worker: givenWorker({ itemCodes: [] }),
            workerId: 'worker-7',
            scheduledFor: '2026-11-28T09:00:00+08:00',
            reason: 'x',
          },
          ctx,
        ),
      ),
    ).toBe('worker_not_qualified');
    const cancelled = givenVisit({
      status: 'cancelled',
      cancellation: { reason: 'r', cause: 'provider', by: 'a', at: 'b' },
    });
    expect(
      errorOf(() =>
        decideRescheduleVisit(cancelled, { ...facts, scheduledFor: '2026-11-28T09:00:00+08:00', reason: 'x' }, ctx),
      ).code,
    ).toBe('visit_cancelled');
  });

  it('reminds the worker once for the time the reminder was set for, not for a moved or cancelled visit', () => {
    const first = decideVisitReminder(visit, { scheduledFor: visit.scheduledFor });
    expect(eventsOf(first).map((e) => e.type)).toEqual(['visit.reminder-due.v1']);
    expect(decideVisitReminder(first.state, { scheduledFor: visit.scheduledFor })).toEqual({ result: false });
    expect(decideVisitReminder(visit, { scheduledFor: '2026-11-26T01:00:00.000Z' })).toEqual({ result: false });
  });
});

describe("a visit's reminder: as long before it as its region's pack says (visitReminder)", () => {
  const chizhou = PolicyPacks.load().get('chizhou')!;
  /** The reminders port on a job board that only notes what it is asked to schedule. */
  const remindersWith = (packs: Record<string, PolicyPack>) => {
    const scheduled: { name: string; jobId: string; data: Record<string, unknown>; runAt?: Date }[] = [];
    const board = reminderBoard(
      { schedule: async (name, jobId, data, runAt) => void scheduled.push({ name, jobId, data, runAt }) },
      { get: (region) => packs[region] },
    );
    return { scheduled, remind: board.remind };
  };
  const visit = givenVisit({ scheduledFor: '2026-11-26T01:00:00.000Z' });

  it("sets the worker's reminder the pack's hours before the visit (Chizhou: 24)", async () => {
    const { scheduled, remind } = remindersWith({ chizhou });
    await remind(visit);
    expect(scheduled).toEqual([
      {
        name: VISIT_REMINDER,
        jobId: `reminder|${visit.visitId}|${visit.scheduledFor}`,
        data: { visitId: visit.visitId, scheduledFor: visit.scheduledFor },
        runAt: new Date('2026-11-25T01:00:00.000Z'),
      },
    ]);
  });

  it('follows another lead the pack sets', async () => {
    const hoursBefore = { value: 2.5, source: 'local: test' };
    const { scheduled, remind } = remindersWith({ chizhou: { ...chizhou, visitReminder: { hoursBefore } } });
    await remind(visit);
    expect(scheduled.map((j) => j.runAt)).toEqual([new Date('2026-11-25T22:30:00.000Z')]);
  });

  it('a visit sooner than the lead: the reminder time is already past (the job board runs it at once)', async () => {
    const { scheduled, remind } = remindersWith({ chizhou });
    const soon = givenVisit({ scheduledFor: new Date(Date.now() + 3600_000).toISOString() });
    await remind(soon);
    expect(scheduled[0]!.runAt!.getTime()).toBeLessThan(Date.now());
  });

  it("no reminder when the region's pack sets none, or the region has no pack", async () => {
    const { visitReminder: _none, ...withoutReminder } = chizhou;
    const { scheduled, remind } = remindersWith({ chizhou: withoutReminder });
    await remind(visit);
    await remind(givenVisit({ region: 'elsewhere' }));
    expect(scheduled).toEqual([]);
  });
});
