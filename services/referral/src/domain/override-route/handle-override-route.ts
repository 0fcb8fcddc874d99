import type { StaffPrincipal } from '@carelink/auth';
import { AppError, assertInJurisdiction } from '@carelink/http';
import { addWorkingDays, chinaDate, type PolicyPacks } from '@carelink/policy';
import type { ContractRepository } from '../../data-access/contract-repository';
import type { ReferralRepository } from '../../data-access/referral-repository';
import { attemptOf, type ReferralRecord } from '../referral';
import { reroutedEvent, withDepartmentCopies } from '../referral-events';
import type { ReferralTimers } from '../referral-timers';
import { referralCreated } from '../route-referral/referral-created';
import { overrideRoute, type OverrideRoute } from './override-route';

export async function handleOverrideRoute(
  referralId: string,
  command: OverrideRoute,
  principal: StaffPrincipal,
  deps: {
    policies: PolicyPacks;
    contracts: ContractRepository;
    referrals: ReferralRepository;
    timers: ReferralTimers;
    eventsWritten: () => void;
    now: () => Date;
    traceparent: () => string | undefined;
  },
): Promise<ReferralRecord> {
  const referral = await deps.referrals.get(referralId);
  if (!referral) throw AppError.notFound('referral', '转介记录');
  assertInJurisdiction(principal, referral.township);
  const pack = deps.policies.get(referral.region)!;
  const now = deps.now();
  const decision = overrideRoute(
    referral,
    command,
    pack,
    await deps.contracts.inRegion(referral.region),
    chinaDate(now),
  );
  const attempt = attemptOf(referral) + (referral.status === 'awaiting_consent' ? 0 : 1);
  const sent = referral.status !== 'awaiting_consent';
  const dueAt = addWorkingDays(now, pack.timeLimits.referralAnswerWorkingDays);
  const moved: ReferralRecord = { ...referral, route: decision.route, attempt, explanation: decision.explanation };
  const facts = {
    from: referral.status,
    to: sent ? ('requested' as const) : referral.status,
    by: principal.sub,
    at: now,
    reason: command.reason,
    traceparent: deps.traceparent(),
  };
  const events = sent
    ? [
        reroutedEvent(referral, facts, { route: decision.route, attempt }),
        referralCreated(moved, decision.route, referral.sharingBasis!, { at: now, traceparent: facts.traceparent }),
      ]
    : [];
  if (sent) await deps.timers.answerDue(referralId, attempt, dueAt);
  const ok = await deps.referrals.change(referralId, {
    expect: { status: [referral.status], attempt: attemptOf(referral) },
    set: {
      status: facts.to,
      route: decision.route,
      attempt,
      explanation: decision.explanation,
      ...(sent ? { answerDueAt: dueAt.toISOString() } : {}),
    },
    history: [
      { from: facts.from, to: facts.to, attempt, by: principal.sub, at: now.toISOString(), reason: command.reason },
    ],
    events: withDepartmentCopies(events),
  });
  if (!ok)
    throw AppError.conflict('referral_changed', 'the referral changed meanwhile; reload it', '该转介已被更新，请刷新');
  deps.eventsWritten();
  return (await deps.referrals.get(referralId))!;
}
