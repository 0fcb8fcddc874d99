import type { StaffPrincipal } from '@carelink/auth';
import { AppError, assertInJurisdiction } from '@carelink/http';
import { chinaDate, chinaMonth, type PolicyPacks } from '@carelink/policy';
import type { ContractRepository } from '../../data-access/contract-repository';
import type { ReferralRepository } from '../../data-access/referral-repository';
import { attemptOf, type ReferralRecord } from '../referral';
import { reroutedEvent } from '../referral-events';
import type { ReferralTimers } from '../referral-timers';
import { sendToReceiver } from '../route-referral/send-to-receiver';
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
  const traceparent = deps.traceparent();
  const decision = overrideRoute(
    referral,
    command,
    pack,
    await deps.contracts.inRegion(referral.region),
    chinaDate(now),
  );
  const reason = command.reason;
  const entry = { from: referral.status, by: principal.sub, at: now.toISOString(), reason };
  // Held for consent: only the route changes; nothing is sent until consent or a consent override.
  const ok =
    referral.status === 'awaiting_consent'
      ? await deps.referrals.change(referralId, {
          expect: { status: ['awaiting_consent'], attempt: attemptOf(referral) },
          set: { route: decision.route, explanation: decision.explanation },
          history: [{ ...entry, to: 'awaiting_consent', attempt: attemptOf(referral) }],
          events: [],
        })
      : await sendToReceiver(
          {
            referral,
            from: [referral.status],
            route: decision.route,
            attempt: attemptOf(referral) + 1,
            sharingBasis: referral.sharingBasis!,
            explanation: decision.explanation,
            month: chinaMonth(now),
            eventsBefore: [
              reroutedEvent(
                referral,
                { from: referral.status, to: 'requested', by: principal.sub, at: now, reason, traceparent },
                { route: decision.route, attempt: attemptOf(referral) + 1 },
              ),
            ],
            history: [{ ...entry, to: 'requested', attempt: attemptOf(referral) + 1 }],
            at: now,
            traceparent,
          },
          deps,
        );
  if (!ok)
    throw AppError.conflict('referral_changed', 'the referral changed meanwhile; reload it', '该转介已被更新，请刷新');
  deps.eventsWritten();
  return (await deps.referrals.get(referralId))!;
}
