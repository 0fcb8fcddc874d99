import { DomainError, draft, SpotCheckRecorded, topics, type Decision, type UseCaseContext } from '@carelink/contracts';
import { statementIdOf } from '../statement/statement';
import type { StoredSample } from './spot-check-sample';
import {
  recordSpotCheck,
  type CheckMethod,
  type Finding,
  type FindingKind,
  type LineAction,
  type SpotCheckResult,
} from './spot-check-result';

/** What the county clerk says a check found, in the words of the form (查实情况). */
export type CheckOutcome = 'confirmed' | 'not_delivered' | 'partially' | 'quality_issue';

const FINDING_OF: Record<Exclude<CheckOutcome, 'confirmed'>, FindingKind> = {
  not_delivered: 'not_delivered',
  partially: 'less_than_recorded',
  quality_issue: 'poor_quality',
};

/** A check as stored: the result, the sample it belongs to and the visit's facts the report counts. */
export interface StoredCheck extends SpotCheckResult {
  sampleId: string;
  region: string;
  serviceDate: string;
  month: string;
  amountFen: number;
  outcome: CheckOutcome;
  note: string;
}

export interface RecordCheckCommand {
  checkId: string;
  visitId: string;
  method: CheckMethod;
  outcome: CheckOutcome;
  note: string;
  /** Overrides what the finding does to the line (default: see `defaultAction`). */
  action?: LineAction;
  checkedBy: string;
}

/**
 * What a finding does to the visit's line unless the clerk says otherwise: a visit not (fully) delivered holds its
 * line while its statement is still a draft (nothing paid yet), and reverses it once the statement is confirmed
 * (its frozen line stays; the next open statement gets an adjusting line taking the amount back). A quality issue
 * leaves the line alone.
 */
export function defaultAction(outcome: CheckOutcome, lineFrozen: boolean): LineAction {
  if (outcome === 'not_delivered' || outcome === 'partially') return lineFrozen ? 'reverse' : 'hold';
  return 'none';
}

/**
 * RecordSpotCheck: the county records the check of one sampled visit (检查结果). Refused (400) for a visit not in
 * the sample, (409) for a visit checked already in this sample — a second check is a new sample's or is refused,
 * so the summary counts each service once; findings are validated by `recordSpotCheck`.
 */
export function recordCheck(
  current: StoredCheck | undefined,
  sample: StoredSample,
  command: RecordCheckCommand,
  lineFrozen: boolean,
  ctx: UseCaseContext,
): Decision<StoredCheck, StoredCheck> {
  if (current)
    throw DomainError.conflict(
      'already_checked',
      `visit ${command.visitId} was checked already in sample ${sample.sampleId} (${current.checkId})`,
      '该服务记录已在本次抽查中登记过检查结果',
    );
  const visit = sample.visits.find((v) => v.serviceId === command.visitId);
  if (!visit)
    throw DomainError.invalid(
      'not_in_sample',
      `visit ${command.visitId} is not in sample ${sample.sampleId}`,
      '该服务记录不在本次抽查样本中',
    );
  const findings: Finding[] =
    command.outcome === 'confirmed'
      ? []
      : [
          {
            kind: FINDING_OF[command.outcome],
            note: command.note,
            action: command.action ?? defaultAction(command.outcome, lineFrozen),
            lines: [],
          },
        ];
  for (const f of findings)
    if (f.action !== 'none')
      f.lines = [
        {
          statementId: statementIdOf({ month: visit.month, township: visit.township, providerId: visit.providerId }),
          lineId: visit.serviceId,
        },
      ];
  const result = recordSpotCheck(
    {
      checkId: command.checkId,
      serviceId: visit.serviceId,
      county: sample.county,
      township: visit.township,
      providerId: visit.providerId,
      itemCode: visit.itemCode,
      year: sample.year,
      method: command.method,
      checkedAt: ctx.now.toISOString(),
      checkedBy: command.checkedBy,
      findings,
    },
    { sample: sample.visits.map((v) => v.serviceId) },
  );
  const stored: StoredCheck = {
    ...result,
    sampleId: sample.sampleId,
    region: sample.region,
    serviceDate: visit.serviceDate,
    month: visit.month,
    amountFen: visit.amountFen,
    outcome: command.outcome,
    note: command.note,
  };
  return {
    state: stored,
    result: stored,
    events: [
      draft(topics.settlementSpotChecks, SpotCheckRecorded, {
        key: sample.sampleId,
        data: {
          sampleId: sample.sampleId,
          region: sample.region,
          county: sample.county,
          year: sample.year,
          checkId: stored.checkId,
          visitId: stored.serviceId,
          township: stored.township,
          providerId: stored.providerId,
          itemCode: stored.itemCode,
          serviceDate: stored.serviceDate,
          inSample: stored.inSample,
          method: stored.method,
          findings: stored.findings.map(({ kind, action, lines }) => ({ kind, action, lines })),
          amountFen: stored.amountFen,
          checkedBy: stored.checkedBy,
          checkedAt: stored.checkedAt,
        },
      }),
    ],
  };
}

/** A check's document id: one check per visit per sample. */
export const checkIdOf = (sampleId: string, visitId: string) => `${sampleId}:${visitId}`;
