import {
  DomainError,
  draft,
  SpotCheckHoldReleased,
  topics,
  type Decision,
  type UseCaseContext,
} from '@carelink/contracts';
import type { StoredCheck } from './record-check';
import type { HoldRelease } from './spot-check-result';

export interface ReleaseHoldCommand {
  checkId: string;
  /** Why: the re-check, or the provider's evidence, that cleared the visit. */
  reason: string;
  releasedBy: string;
  /** The state of the visit's statement now (`draft`: none stored for its month). */
  statementState: HoldRelease['statementState'];
}

/**
 * ReleaseSpotCheckHold (county): a re-check or the provider's evidence cleared a visit a spot check held, so its line
 * is paid again: a draft statement pays it on its next recomputation; a statement confirmed with the line held gets
 * it back by an adjusting line (补结) of the next open statement, as any hold released after confirmation. Refused
 * (400) without a reason, (404) for no such check, (409) for a check that holds nothing: `not_held` (the visit was
 * as recorded, or the finding left the line alone), `line_reversed` (the line was paid on a confirmed statement and
 * taken back by an adjusting line; that is corrected by another adjusting line, not released), `already_released`.
 */
export function releaseHold(
  current: StoredCheck | undefined,
  command: ReleaseHoldCommand,
  ctx: UseCaseContext,
): Decision<StoredCheck, StoredCheck> {
  if (!current) throw DomainError.notFound(`spot check ${command.checkId}`, '该抽查记录');
  const reason = command.reason.trim();
  if (reason === '')
    throw DomainError.invalid(
      'reason_required',
      'say why the hold is released (the re-check or the evidence)',
      '请填写解除暂扣的原因（复查结果或服务机构提供的证明）',
    );
  if (current.release)
    throw DomainError.conflict(
      'already_released',
      `the hold of spot check ${current.checkId} was released already at ${current.release.releasedAt}`,
      '该抽查的暂扣已解除，无需重复操作',
    );
  if (current.findings.some((f) => f.action === 'reverse'))
    throw DomainError.conflict(
      'line_reversed',
      `spot check ${current.checkId} reversed a line already paid on a confirmed statement: nothing is held; a correction is an adjusting line of the next open statement`,
      '该服务的结算已在确认后冲销（调整明细），不是暂扣，无法解除；如需更正，请通过下月结算单的调整明细处理',
    );
  const held = current.findings.filter((f) => f.action === 'hold');
  if (held.length === 0)
    throw DomainError.conflict(
      'not_held',
      `spot check ${current.checkId} holds no statement line`,
      '该抽查未暂扣结算明细，无需解除',
    );
  const release: HoldRelease = {
    reason,
    releasedBy: command.releasedBy,
    releasedAt: ctx.now.toISOString(),
    statementState: command.statementState,
  };
  const stored: StoredCheck = { ...current, release };
  return {
    state: stored,
    result: stored,
    events: [
      draft(topics.settlementSpotChecks, SpotCheckHoldReleased, {
        key: current.sampleId,
        data: {
          sampleId: current.sampleId,
          region: current.region,
          county: current.county,
          year: current.year,
          checkId: current.checkId,
          visitId: current.serviceId,
          township: current.township,
          providerId: current.providerId,
          lines: held.flatMap((f) => f.lines),
          statementState: release.statementState,
          amountFen: current.amountFen,
          reason,
          releasedBy: release.releasedBy,
          releasedAt: release.releasedAt,
        },
      }),
    ],
  };
}
