import type { StaffPrincipal } from '@carelink/auth';
import { ComplaintTransitioned, ProviderScoreUpdated, topics, useCaseContext } from '@carelink/contracts';
import { loadPolicyPacks } from '@carelink/policy';
import type { Complaint, ComplaintsContext } from '../src/domain/complaint';
import {
  decideTransition,
  transitionComplaint,
  type TransitionComplaint,
} from '../src/domain/lifecycle/transition-complaint';
import {
  applyProviderFact,
  countProviderFact,
  providerScore,
  type ProviderFact,
  type ProviderRecord,
} from '../src/domain/provider-score/provider-score';
import { rateComplaint } from '../src/domain/rate-complaint/rate-complaint';
import { receiveComplaint, receiveComplaintCommand } from '../src/domain/receive-complaint/receive-complaint';
import {
  decideTimeLimit,
  escalateIfOverdue,
  notYetDue,
  timerJobs,
} from '../src/domain/time-limits/complaint-time-limits';
import { handleTimeLimit } from '../src/domain/time-limits/handle-time-limit';
import { InMemoryCommits } from './in-memory-commits';
import { refusalOf } from './refusals';

const policies = loadPolicyPacks();
const pack = policies.get('chizhou')!;
const receivedAt = new Date('2026-11-25T09:00:00+08:00'); // Wednesday
const ctxAt = (now: Date): ComplaintsContext => ({ ...useCaseContext(now), policies });
const received = (about: Record<string, string> = { township: '341702001', providerId: 'prov-1' }) =>
  receiveComplaint(
    {
      complaintId: 'c-1',
      sequence: 1,
      command: receiveComplaintCommand.parse({
        region: 'chizhou',
        channel: 'chatbot',
        type: 'service_quality',
        about,
        summary: '助浴服务没有上门',
      }),
      knownCase: null,
      pack,
      receivedBy: 'bot',
    },
    { now: receivedAt },
  ).state!;

const step = (c: Complaint, command: TransitionComplaint, actor = 'clerk-1', at = receivedAt) =>
  transitionComplaint({ complaint: c, command, actor, pack, now: at }).complaint;
const staff = (over: Partial<StaffPrincipal> = {}): StaffPrincipal => ({
  sub: 'tw-7',
  role: 'township_caseworker',
  region: 'chizhou',
  jurisdiction: '341702001',
  ...over,
});

describe('the complaint lifecycle', () => {
  it('the handler is the one named on assignment, else whoever investigates — not the dispatcher', () => {
    let c = step(received(), { to: 'acknowledged', reason: '已受理' }, 'op-1');
    const township = { level: 'township' as const, unit: '341702001' };
    c = step(c, { to: 'assigned', reason: '交乡镇核查', assignee: township }, 'op-1');
    expect(c.handlerId).toBeUndefined();
    expect(step(c, { to: 'investigating', reason: '电话核实' }, 'tw-7').handlerId).toBe('tw-7');
    // Named on assignment: the one named handles it, whoever opens the investigation.
    const named = step(c, { to: 'assigned', reason: '改派', assignee: township, handlerId: 'tw-9' }, 'op-1');
    expect(step(named, { to: 'investigating', reason: '电话核实' }, 'tw-7').handlerId).toBe('tw-9');
    // A new assignment leaves the earlier handler behind.
    const investigating = step(c, { to: 'investigating', reason: '电话核实' }, 'tw-7');
    const county = { level: 'county' as const, unit: '341702' };
    expect(step(investigating, { to: 'assigned', reason: '转县级', assignee: county }, 'tw-7').handlerId).toBe(
      undefined,
    );
  });

  it('goes received → acknowledged → assigned → investigating → resolved → closed, each step an event with who and why', () => {
    let c = received();
    c = step(c, { to: 'acknowledged', reason: '已受理' });
    c = step(c, {
      to: 'assigned',
      reason: '交乡镇核查',
      assignee: { level: 'township', unit: '341702001' },
      handlerId: 'tw-7',
    });
    expect(c.handlerId).toBe('tw-7');
    c = step(c, { to: 'investigating', reason: '电话核实' }, 'tw-7');
    const resolved = transitionComplaint({
      complaint: c,
      command: { to: 'resolved', reason: '核实属实', outcome: { upheld: true, summary: '已责成服务机构补上门服务' } },
      actor: 'tw-7',
      pack,
      now: receivedAt,
    });
    expect(resolved.events[0]).toMatchObject({
      topic: topics.complaints,
      type: ComplaintTransitioned.type,
      key: 'c-1',
      data: {
        from: 'investigating',
        to: 'resolved',
        actor: 'tw-7',
        outcome: { upheld: true, summary: '已责成服务机构补上门服务' },
        channel: 'chatbot',
        providerId: 'prov-1',
      },
    });
    c = step(resolved.complaint, { to: 'closed', reason: '群众满意' }, 'tw-7');
    expect(c.status).toBe('closed');
    expect(c.history.map((h) => `${h.from}>${h.to}:${h.actor}`)).toEqual([
      'received>acknowledged:clerk-1',
      'acknowledged>assigned:clerk-1',
      'assigned>investigating:tw-7',
      'investigating>resolved:tw-7',
      'resolved>closed:tw-7',
    ]);
  });

  it('refuses steps out of order; a complaint closes only after resolution', () => {
    const c = received();
    expect(refusalOf(() => step(c, { to: 'resolved', reason: 'x', outcome: { upheld: false, summary: 'x' } }))).toBe(
      'conflict invalid_transition',
    );
    expect(refusalOf(() => step(c, { to: 'closed', reason: 'x' }))).toBe('conflict invalid_transition');
    expect(refusalOf(() => step(c, { to: 'reopened', reason: 'x' }))).toBe('conflict invalid_transition');
  });

  it('reopening starts a new round with a new resolve limit and clears the outcome', () => {
    let c = step(received(), { to: 'acknowledged', reason: 'a' });
    c = step(c, { to: 'assigned', reason: 'b', assignee: { level: 'provider', unit: 'prov-1' } });
    c = step(c, { to: 'investigating', reason: 'c' });
    c = step(c, { to: 'resolved', reason: 'd', outcome: { upheld: false, summary: '不属实' } });
    const later = new Date('2026-12-21T09:00:00+08:00');
    const reopened = step(c, { to: 'reopened', reason: '群众不认可' }, 'op-2', later);
    expect(reopened).toMatchObject({ status: 'reopened', round: 2, outcome: undefined });
    expect(new Date(reopened.resolveBy).getTime()).toBeGreaterThan(later.getTime());
    expect(timerJobs(reopened)[1]!.jobId).toBe('complaint-resolve-overdue_c-1_2');
  });
});

describe('a transition staff ask for', () => {
  const transition = (current: Complaint | undefined, command: TransitionComplaint, principal = staff()) =>
    decideTransition(current, { transition: command, principal }, ctxAt(receivedAt));

  it('moves the complaint on by the caller, answering it as it is now with its event', () => {
    const decision = transition(received(), { to: 'acknowledged', reason: '已受理' });
    expect(decision.state).toMatchObject({ status: 'acknowledged', updatedAt: receivedAt.toISOString() });
    expect(decision.result).toBe(decision.state);
    expect(decision.events!.map((e) => [e.type, (e.data as { actor: string }).actor])).toEqual([
      [ComplaintTransitioned.type, 'tw-7'],
    ]);
  });

  it('is refused for a complaint that is not there, outside the jurisdiction, or filed by another adapter', () => {
    const ack = { to: 'acknowledged' as const, reason: 'a' };
    expect(refusalOf(() => transition(undefined, ack))).toBe('not_found not_found');
    expect(refusalOf(() => transition(received(), ack, staff({ jurisdiction: '341702002' })))).toBe(
      'forbidden outside_jurisdiction',
    );
    const adapter = staff({ sub: 'other-bot', role: 'channel_adapter', jurisdiction: '3417' });
    expect(refusalOf(() => transition(received(), ack, adapter))).toBe('not_found not_found');
    // A complaint of another region than the caller's token is outside their jurisdiction, whatever its code.
    expect(refusalOf(() => transition({ ...received(), region: 'nowhere' }, ack))).toBe(
      'forbidden outside_jurisdiction',
    );
    expect(refusalOf(() => transition({ ...received(), region: 'nowhere' }, ack, staff({ region: 'nowhere' })))).toBe(
      'unprocessable unknown_region',
    );
  });

  it('assigns within the caller’s jurisdiction, or up to their own county', () => {
    const acked = step(received(), { to: 'acknowledged', reason: 'a' });
    const assign = (level: 'township' | 'county', unit: string) =>
      transition(acked, { to: 'assigned', reason: 'b', assignee: { level, unit } });
    expect(refusalOf(() => assign('township', '341702002'))).toBe('forbidden outside_jurisdiction');
    expect(assign('county', '341702').state).toMatchObject({ scope: '341702', assignee: { unit: '341702' } });
    expect(refusalOf(() => assign('county', '341721'))).toBe('forbidden outside_jurisdiction');
  });
});

describe('time limits', () => {
  it('an unacknowledged complaint past 2 working days is acknowledged and escalated to the county by the system', () => {
    const c = received();
    expect(escalateIfOverdue({ complaint: c, limit: 'acknowledge', pack, now: receivedAt })).toBeNull();
    const friday = new Date('2026-11-27T09:00:00+08:00');
    const out = escalateIfOverdue({ complaint: c, limit: 'acknowledge', pack, now: friday })!;
    expect(out.complaint).toMatchObject({
      status: 'assigned',
      assignee: { level: 'county', unit: '341702' },
      scope: '341702',
      escalated: true,
    });
    const data = out.events.map((e) => e.data as { to: string; actor: string; escalated?: boolean });
    expect(data.map((d) => [d.to, d.actor, d.escalated])).toEqual([
      ['acknowledged', 'system', true],
      ['assigned', 'system', true],
    ]);
  });

  it('does nothing when the complaint moved on in time, for an old round, or once with the county', () => {
    const friday = new Date('2026-11-27T09:00:00+08:00');
    const acked = step(received(), { to: 'acknowledged', reason: 'a' });
    expect(escalateIfOverdue({ complaint: acked, limit: 'acknowledge', pack, now: friday })).toBeNull();
    const late = new Date('2026-12-31T09:00:00+08:00');
    const escalated = escalateIfOverdue({ complaint: acked, limit: 'resolve', round: 1, pack, now: late })!.complaint;
    expect(escalated.assignee).toEqual({ level: 'county', unit: '341702' });
    expect(escalateIfOverdue({ complaint: escalated, limit: 'resolve', round: 1, pack, now: late })).toBeNull();
    expect(escalateIfOverdue({ complaint: acked, limit: 'resolve', round: 0, pack, now: late })).toBeNull();
  });

  it('a timer leaves a complaint that is gone, or of a region without a pack, alone', () => {
    const late = ctxAt(new Date('2026-12-31T09:00:00+08:00'));
    const nothing = { result: { escalated: false, runAgainAt: null } };
    expect(decideTimeLimit(undefined, { limit: 'acknowledge' }, late)).toEqual(nothing);
    expect(decideTimeLimit({ ...received(), region: 'nowhere' }, { limit: 'acknowledge' }, late)).toEqual(nothing);
  });

  it('a timer that runs a moment early schedules itself again for the due time, and escalates then', async () => {
    const complaints = new InMemoryCommits<Complaint>(policies, receivedAt);
    complaints.records.set('c-1', received());
    const scheduled: { name: string; jobId: string; data: Record<string, unknown>; runAt?: Date }[] = [];
    const jobs = {
      schedule: async (name: string, jobId: string, data: Record<string, unknown>, runAt?: Date) =>
        void scheduled.push({ name, jobId, data, runAt }),
    };
    const runAt = (now: Date, data: { complaintId: string; round?: number; again?: number }) => {
      complaints.now = now;
      return handleTimeLimit('acknowledge', data, { complaints, jobs });
    };
    const stored = () => complaints.records.get('c-1')!;
    const due = new Date(stored().acknowledgeBy);
    const early = new Date(due.getTime() - 2000);
    expect(notYetDue({ complaint: stored(), limit: 'acknowledge', round: 1, now: early })).toEqual(due);
    expect(await runAt(early, { complaintId: 'c-1', round: 1 })).toBe(false);
    expect(stored().status).toBe('received');
    expect(complaints.events).toEqual([]);
    expect(scheduled).toEqual([
      {
        name: 'complaint-acknowledge-overdue',
        jobId: 'complaint-acknowledge-overdue_c-1_1_again-1',
        data: { complaintId: 'c-1', round: 1, again: 1 },
        runAt: due,
      },
    ]);
    // Early again: the next re-run has its own id.
    await runAt(early, scheduled[0]!.data as { complaintId: string });
    expect(scheduled[1]!.jobId).toBe('complaint-acknowledge-overdue_c-1_1_again-2');
    expect(await runAt(due, { complaintId: 'c-1', round: 1 })).toBe(true);
    expect(stored().status).toBe('assigned');
    expect(complaints.events.map((e) => (e.data as { to: string }).to)).toEqual(['acknowledged', 'assigned']);
    // Moved on: a late timer neither escalates nor comes back.
    expect(await runAt(early, { complaintId: 'c-1', round: 1 })).toBe(false);
    expect(notYetDue({ complaint: stored(), limit: 'acknowledge', now: early })).toBeNull();
    expect(scheduled).toHaveLength(2);
    expect(complaints.events).toHaveLength(2);
  });

  it('a provider-only complaint escalates to the region’s first county', () => {
    const c = received({ providerId: 'prov-1' });
    const out = escalateIfOverdue({
      complaint: c,
      limit: 'acknowledge',
      pack,
      now: new Date('2026-12-01T09:00:00+08:00'),
    })!;
    expect(out.complaint.assignee).toEqual({ level: 'county', unit: pack.jurisdictions[0]!.code });
  });
});

describe('ratings', () => {
  const resolved = () => {
    let c = step(received(), { to: 'acknowledged', reason: 'a' });
    c = step(c, { to: 'assigned', reason: 'b', assignee: { level: 'provider', unit: 'prov-1' } });
    c = step(c, { to: 'investigating', reason: 'c' });
    return step(c, { to: 'resolved', reason: 'd', outcome: { upheld: true, summary: '已整改' } });
  };
  const bot = staff({ sub: 'bot', role: 'channel_adapter', jurisdiction: '3417' });
  const rate = (c: Complaint | undefined, score: number, principal = bot, comment?: string) =>
    rateComplaint(c, { rating: { score, ...(comment ? { comment } : {}) }, principal }, ctxAt(receivedAt));

  it('come once, after resolution, with the provider for its score', () => {
    expect(refusalOf(() => rate(received(), 5))).toBe('conflict not_resolved_yet');
    const rated = rate(resolved(), 2, bot, '太慢');
    expect(rated.state!.rating).toMatchObject({ score: 2, comment: '太慢', ratedAt: receivedAt.toISOString() });
    expect(rated.result).toBe(rated.state);
    expect(rated.events![0]!.data).toMatchObject({ score: 2, providerId: 'prov-1', complaintId: 'c-1' });
    expect(refusalOf(() => rate(rated.state, 5))).toBe('conflict already_rated');
  });

  it('come from the adapter that filed the complaint, or staff who see it', () => {
    expect(refusalOf(() => rate(undefined, 5))).toBe('not_found not_found');
    expect(refusalOf(() => rate(resolved(), 5, { ...bot, sub: 'ivr-adapter' }))).toBe('not_found not_found');
    expect(refusalOf(() => rate(resolved(), 5, staff({ role: 'hotline_operator' })))).toBe('no error');
  });
});

describe('the provider score', () => {
  const empty: ProviderRecord = { region: 'chizhou', providerId: 'prov-1', ratings: {}, upheld: [] };
  it('is 100 without complaints, average rating × 20, minus 10 per upheld complaint, never below 0', () => {
    expect(providerScore(empty).score).toBe(100);
    expect(providerScore({ ratings: { a: 5, b: 4 }, upheld: [] })).toEqual({
      score: 90,
      ratings: { count: 2, averageTenths: 45 },
      upheldComplaints: 0,
    });
    expect(providerScore({ ratings: { a: 3 }, upheld: ['a'] }).score).toBe(50);
    expect(providerScore({ ratings: { a: 1 }, upheld: ['a', 'b', 'c'] }).score).toBe(0);
  });

  it('counts each complaint once and publishes only when the score data changed', () => {
    const first = applyProviderFact(empty, { kind: 'resolved', complaintId: 'c-1', upheld: true }, receivedAt);
    expect(first.events[0]).toMatchObject({
      topic: topics.providerScores,
      type: ProviderScoreUpdated.type,
      key: 'prov-1',
      data: { score: 90, upheldComplaints: 1, computedAt: receivedAt.toISOString() },
    });
    const again = applyProviderFact(first.record, { kind: 'resolved', complaintId: 'c-1', upheld: true }, receivedAt);
    expect(again.events).toEqual([]);
    const cleared = applyProviderFact(
      first.record,
      { kind: 'resolved', complaintId: 'c-1', upheld: false },
      receivedAt,
    );
    expect(cleared.record.upheld).toEqual([]);
    expect(cleared.events[0]!.data).toMatchObject({ score: 100 });
    const rated = applyProviderFact(cleared.record, { kind: 'rated', complaintId: 'c-1', score: 3 }, receivedAt);
    expect(applyProviderFact(rated.record, { kind: 'rated', complaintId: 'c-1', score: 3 }, receivedAt).events).toEqual(
      [],
    );
  });

  it('makes the provider’s record on its first fact; a fact counted already writes nothing', () => {
    const fact: ProviderFact = { kind: 'rated', complaintId: 'c-1', score: 4 };
    const command = { region: 'chizhou', providerId: 'prov-1', fact };
    const first = countProviderFact(undefined, command, ctxAt(receivedAt));
    expect(first.state).toEqual({ ...empty, ratings: { 'c-1': 4 } });
    expect(first.events!.map((e) => (e.data as { score: number }).score)).toEqual([80]);
    expect(countProviderFact(first.state, command, ctxAt(receivedAt))).toEqual({});
  });
});
