import type { StaffPrincipal } from '@carelink/auth';
import { AppError } from '@carelink/http';
import { attemptOf, type ReferralRecord } from '../referral';
import { transitionEvent, withDepartmentCopies } from '../referral-events';
import { rerouteOrEscalate, type RerouteDeps } from '../reroute-referral/reroute-referral';
import { answerReferral, type ReceiverAction, type ReceiverActionCommand } from './receiver-action';

/** A receiver acknowledges, accepts, rejects, starts, completes or fails a referral; a rejection re-routes it. */
export async function handleReceiverAction(
  referralId: string,
  action: ReceiverAction,
  command: ReceiverActionCommand,
  principal: StaffPrincipal,
  deps: RerouteDeps & { now: () => Date; traceparent: () => string | undefined },
): Promise<ReferralRecord> {
  const referral = await deps.referrals.get(referralId);
  if (!referral) throw AppError.notFound('referral', '转介记录');
  const move = answerReferral(referral, action, command, principal);
  const now = deps.now();
  const facts = { ...move, by: principal.sub, at: now, traceparent: deps.traceparent() };
  const event = transitionEvent(referral, facts);
  const entry = { ...move, attempt: attemptOf(referral), by: principal.sub, at: now.toISOString() };
  const ok =
    move.to === 'rejected'
      ? await rerouteOrEscalate(
          referral,
          {
            from: [move.from],
            causeEvents: [event],
            causeHistory: [entry],
            reason: `接收方拒绝：${move.reason}`,
            reroutedReason: '接收方拒绝',
            by: principal.sub,
            at: now,
            traceparent: facts.traceparent,
          },
          deps,
        )
      : await deps.referrals.change(referralId, {
          expect: { status: [move.from], attempt: attemptOf(referral) },
          set: { status: move.to },
          history: [entry],
          events: withDepartmentCopies([event]),
        });
  if (!ok)
    throw AppError.conflict('referral_changed', 'the referral changed meanwhile; reload it', '该转介已被更新，请刷新');
  deps.eventsWritten();
  return (await deps.referrals.get(referralId))!;
}
