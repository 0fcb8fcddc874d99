import {
  derivedEventId,
  draft,
  DomainError,
  effectEvaluation,
  EvaluationRecorded,
  ServiceNumberIssued,
  topics,
  type Decision,
  type EffectEvaluation,
  type EligibilityDecided,
  type EventDraft,
  type EventOf,
} from '@carelink/contracts';
import { chinaDate, formatServiceNumber, serviceNumberSequence, type PolicyPack } from '@carelink/policy';
import type { z } from 'zod';
import type { CaseState } from '../case';
import type { AssessmentContext, ByStaff } from '../use-case';
import type { CaseRecord, ComplaintRecord } from './case-record';

/** A recorded effect evaluation (效果评估). */
export type Evaluation = EffectEvaluation & {
  evaluationId: string;
  barthelBefore?: number;
  recordedBy: string;
  recordedAt: string;
};

/**
 * A person's file (一人一档) as assessment keeps it: opened under a service number (服务号) when their first
 * service is approved, kept by the person (their pseudonymous id) across cases; the cover of the file and the
 * effect evaluations recorded in it. What happened in each case is in the case records.
 */
export interface PersonFile {
  personId: string;
  serviceNumber: string;
  /** The sequence the number was drawn from (region, county, year as the format holds them) and its place. */
  sequence: string;
  seq: number;
  region: string;
  county: string;
  township: string;
  name: string;
  idNumberMasked: string;
  /** The case whose approval opened the file. */
  firstCaseId: string;
  issuedAt: string;
  evaluations: Evaluation[];
}

/** Whether a final decision approves a service (at least one item): what opens a person's file. */
export const approvesAService = (decided: EventOf<typeof EligibilityDecided>): boolean =>
  decided.data.items.some((i) => i.approved);

/** Where a file is numbered: the sequence of the pack's format for the person's county and the year of issue. */
export function serviceNumberPlace(pack: PolicyPack, c: Pick<CaseState, 'region' | 'address'>, now: Date) {
  const place = { region: c.region, county: c.address.county, year: Number(chinaDate(now).slice(0, 4)) };
  return { place, sequence: serviceNumberSequence(pack.serviceNumber, place) };
}

/**
 * Opens the file of the person of an approved case with the `seq`-th number of its sequence (the repository
 * draws `seq`, gap-free), and says so (service-number.issued.v1). Pure.
 */
export function openPersonFile(
  c: CaseState,
  pack: PolicyPack,
  seq: number,
  ctx: { now: Date },
): { file: PersonFile; events: EventDraft[] } {
  const { place, sequence } = serviceNumberPlace(pack, c, ctx.now);
  const serviceNumber = formatServiceNumber(pack.serviceNumber, place, seq);
  const file: PersonFile = {
    personId: c.person.personId,
    serviceNumber,
    sequence,
    seq,
    region: c.region,
    county: c.address.county,
    township: c.address.township,
    name: c.person.name,
    idNumberMasked: c.person.idNumberMasked,
    firstCaseId: c.caseId,
    issuedAt: ctx.now.toISOString(),
    evaluations: [],
  };
  const issued = draft(topics.personFiles, ServiceNumberIssued, {
    key: file.personId,
    // One issue per person, whatever retries: the id derives from the person.
    id: derivedEventId('service-number.issued', file.personId),
    data: {
      serviceNumber,
      personId: file.personId,
      region: file.region,
      county: file.county,
      township: file.township,
      caseId: c.caseId,
      issuedAt: file.issuedAt,
    },
  });
  return { file, events: [issued] };
}

/** The effect evaluation form as the township submits it. */
export const recordEvaluationCommand = effectEvaluation;
export type RecordEvaluation = z.infer<typeof recordEvaluationCommand>;

/** What the evaluation is checked against: the person's cases and what the file holds of them. */
export interface FileContents {
  cases: Pick<CaseState, 'caseId' | 'caseNumber'>[];
  records: CaseRecord[];
}

/** The Barthel index of the latest home investigation in the file, to compare an evaluation with. */
export function latestBarthel(records: CaseRecord[]): number | undefined {
  const forms = records.flatMap((r) => r.needsForms).filter((f) => f.barthel);
  forms.sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
  return forms.at(-1)?.barthel?.score;
}

/**
 * RecordEvaluation: an effect evaluation goes into the person's file. An evaluation at a plan's end names the plan;
 * a case or plan named must be in the file; advising to adjust or stop the service needs remarks saying why. Pure.
 */
export function decideEvaluation(
  file: PersonFile | undefined,
  command: ByStaff<RecordEvaluation>,
  contents: FileContents,
  ctx: AssessmentContext,
): Decision<PersonFile, Evaluation> {
  if (!file) throw DomainError.notFound('file', '档案');
  const problems: { field: string; message: string; messageZh: string }[] = [];
  if (command.occasion === 'plan_ended' && !command.planId)
    problems.push({
      field: 'planId',
      message: 'an evaluation at the end of a plan names the plan',
      messageZh: '服务方案结束时的评估须选择方案',
    });
  if (command.caseId && !contents.cases.some((c) => c.caseId === command.caseId))
    problems.push({
      field: 'caseId',
      message: 'the case is not in this person’s file',
      messageZh: '该个案不在此档案中',
    });
  const plan = command.planId
    ? contents.records
        .flatMap((r) => r.plans.map((p) => ({ ...p, caseId: r.caseId })))
        .find((p) => p.planId === command.planId)
    : undefined;
  if (command.planId && !plan)
    problems.push({
      field: 'planId',
      message: 'the service plan is not in this person’s file',
      messageZh: '该服务方案不在此档案中',
    });
  if (plan && command.caseId && plan.caseId !== command.caseId)
    problems.push({ field: 'planId', message: 'the plan is of another case', messageZh: '该服务方案属于另一个案' });
  if ((command.recommendation === 'adjust' || command.recommendation === 'stop') && !command.remarks?.trim())
    problems.push({
      field: 'remarks',
      message: 'say why the service should be adjusted or stopped',
      messageZh: '建议调整或停止服务时，请在备注中说明理由',
    });
  if (problems.length > 0)
    throw DomainError.invalid(
      'invalid_evaluation',
      problems.map((p) => p.message).join('; '),
      problems.map((p) => p.messageZh).join('；'),
      problems.map((p) => ({ field: p.field, message: p.message })),
    );
  const barthelBefore = latestBarthel(contents.records);
  const caseId = command.caseId ?? plan?.caseId;
  const evaluation: Evaluation = {
    ...recordEvaluationCommand.parse(command),
    ...(caseId ? { caseId } : {}),
    evaluationId: ctx.newId(),
    ...(barthelBefore !== undefined ? { barthelBefore } : {}),
    recordedBy: command.by.sub,
    recordedAt: ctx.now.toISOString(),
  };
  const recorded = draft(topics.personFiles, EvaluationRecorded, {
    key: file.personId,
    data: {
      ...evaluation,
      serviceNumber: file.serviceNumber,
      personId: file.personId,
      region: file.region,
      township: file.township,
    },
  });
  return {
    state: { ...file, evaluations: [...file.evaluations, evaluation] },
    events: [recorded],
    result: evaluation,
  };
}

/** A file as staff read it: the cover, then each section across the person's cases, oldest first. */
export interface FileView {
  serviceNumber: string;
  region: string;
  county: string;
  township: string;
  person: { personId: string; name: string; idNumberMasked: string };
  issuedAt: string;
  cases: { caseId: string; caseNumber: string; openedAt: string; status: string; itemCodes: string[] }[];
  documents: (CaseRecord['documents'][number] & { caseNumber: string })[];
  needsForms: (CaseRecord['needsForms'][number] & { caseNumber: string })[];
  decisions: (CaseRecord['decisions'][number] & { caseNumber: string })[];
  stoppedItems: (CaseRecord['stoppedItems'][number] & { caseNumber: string })[];
  referrals: (CaseRecord['referrals'][number] & { caseNumber: string })[];
  plans: (CaseRecord['plans'][number] & { caseNumber: string })[];
  visits: (CaseRecord['visits'][number] & { caseNumber: string })[];
  complaints: (Omit<ComplaintRecord, 'appliedEvents'> & { caseNumber: string })[];
  evaluations: Evaluation[];
  /** Counts of the visits by verification, for the cover. */
  visitSummary: { total: number; delivered: number; verified: number; disputed: number; unverified: number };
}

const by =
  <T>(key: (t: T) => string | undefined) =>
  (a: T, b: T) =>
    (key(a) ?? '').localeCompare(key(b) ?? '');

/** Assembles the file of a person from its cover, the person's cases, their records and complaints. Pure. */
export function assembleFile(
  file: PersonFile,
  cases: CaseState[],
  records: CaseRecord[],
  complaints: ComplaintRecord[],
): FileView {
  const numberOf = new Map(cases.map((c) => [c.caseId, c.caseNumber]));
  const own = records.filter((r) => numberOf.has(r.caseId));
  const tagged = <T>(pick: (r: CaseRecord) => T[]) =>
    own.flatMap((r) => pick(r).map((x) => ({ ...x, caseNumber: numberOf.get(r.caseId)! })));
  const visits = tagged((r) => r.visits).sort(by((v) => v.scheduledFor ?? v.checkedInAt ?? v.deliveredAt));
  const delivered = visits.filter((v) => v.status === 'delivered');
  return {
    serviceNumber: file.serviceNumber,
    region: file.region,
    county: file.county,
    township: file.township,
    person: { personId: file.personId, name: file.name, idNumberMasked: file.idNumberMasked },
    issuedAt: file.issuedAt,
    cases: [...cases].sort(by((c) => c.openedAt)).map((c) => ({
      caseId: c.caseId,
      caseNumber: c.caseNumber,
      openedAt: c.openedAt,
      status: c.status,
      itemCodes: c.itemCodes,
    })),
    documents: tagged((r) => r.documents).sort(by((d) => d.attachedAt)),
    needsForms: tagged((r) => r.needsForms).sort(by((f) => f.recordedAt)),
    decisions: tagged((r) => r.decisions).sort(by((d) => d.decidedAt)),
    stoppedItems: tagged((r) => r.stoppedItems).sort(by((s) => s.effectiveFrom)),
    referrals: tagged((r) => r.referrals).sort(by((x) => x.createdAt)),
    plans: tagged((r) => r.plans),
    visits,
    complaints: complaints
      .filter((c) => numberOf.has(c.caseId))
      .map(({ appliedEvents: _a, ...c }) => ({ ...c, caseNumber: numberOf.get(c.caseId)! }))
      .sort(by((c) => c.receivedAt)),
    evaluations: [...file.evaluations].sort(by((e) => e.recordedAt)),
    visitSummary: {
      total: visits.length,
      delivered: delivered.length,
      verified: delivered.filter((v) => v.verification === 'verified').length,
      disputed: delivered.filter((v) => v.verification === 'disputed').length,
      unverified: delivered.filter((v) => v.verification === 'unverified').length,
    },
  };
}
