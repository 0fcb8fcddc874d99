import { freeText, DomainError, draft, EligibilityDecided, topics, type Decision } from '@carelink/contracts';
import {
  chinaDate,
  documentNamesZh,
  evaluateItemEligibility,
  explain,
  missingDocuments,
  type DocumentType,
  type PolicyPack,
} from '@carelink/policy';
import { z } from 'zod';
import {
  changed,
  type ApprovalLevel,
  type CaseState,
  type CaseStatus,
  type ItemVerdict,
  type LevelDecision,
} from '../case';
import { caseInScope } from '../case-in-scope';
import { decisionDueAt } from '../decision-deadline/decision-deadline';
import type { AssessmentContext, ByStaff } from '../use-case';
import { circumstancesOf, eligibilityFacts } from './person-circumstances';

/** DecideEligibility: one approval level's verdict on every item of the case. */
export const decideEligibilityCommand = z.object({
  items: z
    .array(
      z.object({
        itemCode: z.string().min(1),
        approve: z.boolean(),
        /** Required when rejecting an item the rules allow; added to the reason otherwise. */
        note: freeText().trim().min(1).max(500).optional(),
      }),
    )
    .min(1),
  /**
   * Why the level decides although documents the region requires for an approved item are not on file
   * (e.g. 原件已现场查验, 补交中); without it such a decision is refused (422 documents_missing), unless the level
   * below already decided without the same documents and said why (the county confirming the township).
   */
  missingDocumentsReason: freeText().trim().min(1).max(500).optional(),
});
export type DecideEligibility = z.infer<typeof decideEligibilityCommand>;

export interface DecisionResult {
  status: CaseStatus;
  decision: LevelDecision;
  /** Present when this was the last level the region requires: the final verdict. */
  final?: ItemVerdict[];
}

/**
 * Records a level's decision following the region's approval chain (Chizhou: township confirms;
 * Changji: township reviews, county approves and files). Pure: pack, clock and caller come in.
 */
export function decideEligibility(
  state: CaseState,
  pack: PolicyPack,
  level: ApprovalLevel,
  by: string,
  command: DecideEligibility,
  now: Date,
): DecisionResult {
  if (state.status === 'decided')
    throw DomainError.conflict('already_decided', `case ${state.caseNumber} is already decided`, '该申请已审核完毕');
  if (state.status === 'open' || state.status === 'investigating')
    throw DomainError.conflict(
      'investigation_pending',
      `case ${state.caseNumber} has no recorded home investigation yet`,
      '请先完成入户调查，再进行审核',
    );
  const expected = pack.approval.levels[state.decisions.length];
  if (level !== expected) {
    throw DomainError.conflict(
      'wrong_approval_level',
      `case ${state.caseNumber} waits for the ${expected} decision, not ${level} (chain: ${pack.approval.levels.join(' → ')})`,
      expected === 'county' ? '该申请待县级民政部门审批' : '该申请待乡镇(街道)审核',
    );
  }
  const codes = command.items.map((i) => i.itemCode);
  const missing = state.itemCodes.filter((c) => !codes.includes(c));
  const extra = codes.filter((c) => !state.itemCodes.includes(c));
  if (missing.length || extra.length || new Set(codes).size !== codes.length)
    throw DomainError.invalid(
      'items_mismatch',
      `decide each requested item exactly once; missing: [${missing.join(', ')}], not requested: [${extra.join(', ')}]`,
      '请对申请的每一项服务逐项作出决定',
    );

  const today = chinaDate(now);
  const previous = state.decisions[state.decisions.length - 1];
  const facts = eligibilityFacts(state);
  const verdicts: ItemVerdict[] = command.items.map((input) => {
    const rules = evaluateItemEligibility(pack, facts, input.itemCode, today);
    const explanation = explain(rules);
    if (input.approve && !rules.eligible)
      throw DomainError.unprocessable(
        'not_eligible',
        `item ${input.itemCode} cannot be approved: ${explanation}`,
        explanation,
        [{ itemCode: input.itemCode, code: 'not_eligible', message: explanation, outcomes: rules.outcomes }],
      );
    if (input.approve && previous && !previous.items.find((v) => v.itemCode === input.itemCode)!.approved)
      throw DomainError.unprocessable(
        'rejected_below',
        `item ${input.itemCode} was rejected by the ${previous.level}; the ${level} can only confirm or reject`,
        '下级已不予认定的事项不能直接批准',
      );
    if (!input.approve && rules.eligible && !input.note)
      throw DomainError.invalid(
        'reason_required',
        `item ${input.itemCode} meets the rules; rejecting it needs a note`,
        '符合条件的事项不予批准时须填写理由',
      );
    const reason =
      !input.approve && rules.eligible
        ? `不予批准：${input.note}`
        : input.note
          ? `${explanation}；${input.note}`
          : explanation;
    return { itemCode: input.itemCode, approved: input.approve, reason };
  });
  const withoutDocuments = missingForApproval(state, pack, verdicts);
  // The level below may have decided without these very documents already, saying why: its reason stands.
  const earlier = previous?.missingDocuments;
  const coveredBelow = (m: { itemCode: string; documents: string[] }) =>
    earlier?.items.some((e) => e.itemCode === m.itemCode && m.documents.every((d) => e.documents.includes(d)));
  const uncovered = withoutDocuments.filter((m) => !coveredBelow(m));
  if (uncovered.length && !command.missingDocumentsReason)
    throw DomainError.unprocessable(
      'documents_missing',
      `documents the region requires are not on file: ${withoutDocuments
        .map((m) => `${m.itemCode}: ${m.documents.join(', ')}`)
        .join('; ')}; attach them, or give missingDocumentsReason to decide without them`,
      `以下材料尚未上传：${[...new Set(withoutDocuments.flatMap((m) => m.documents))]
        .map((d) => documentNamesZh[d])
        .join('、')}。请补充材料，或填写未补齐材料仍作决定的理由`,
      withoutDocuments.map((m) => ({
        itemCode: m.itemCode,
        code: 'documents_missing',
        message: `missing: ${m.documents.join(', ')}`,
        documents: m.documents,
      })),
    );
  const decision: LevelDecision = {
    level,
    by,
    at: now.toISOString(),
    packVersion: pack.version,
    items: verdicts,
    ...(withoutDocuments.length
      ? {
          missingDocuments: {
            items: withoutDocuments,
            reason: command.missingDocumentsReason ?? `${LEVEL_ZH[previous!.level]}已说明：${earlier!.reason}`,
          },
        }
      : {}),
  };
  const isLast = state.decisions.length + 1 === pack.approval.levels.length;
  return isLast ? { status: 'decided', decision, final: verdicts } : { status: 'awaiting_county', decision };
}

const LEVEL_ZH: Record<ApprovalLevel, string> = { township: '乡镇(街道)审核', county: '县级审批' };

/** The documents the region requires for the items approved that are not attached to the request. */
export function missingForApproval(
  state: CaseState,
  pack: PolicyPack,
  verdicts: Pick<ItemVerdict, 'itemCode' | 'approved'>[],
): { itemCode: string; documents: DocumentType[] }[] {
  const approved = verdicts.filter((v) => v.approved).map((v) => v.itemCode);
  return missingDocuments(
    pack,
    approved,
    (state.documents ?? []).map((d) => d.kind),
  );
}

export function levelOfRole(role: string): ApprovalLevel | undefined {
  return role === 'township_caseworker' ? 'township' : role === 'county_officer' ? 'county' : undefined;
}

/** What a level's decision leaves for the timers: the case, and when the county's approval is due if it is next. */
export interface LevelDecided {
  case: CaseState;
  countyDueAt?: Date;
}

/**
 * DecideEligibility on a case: the caller's level decides every item; the last level of the region's chain
 * makes the verdict final and says so (eligibility.decided.v2, with the person's circumstances the region's
 * delivery modes are chosen by), an earlier one passes the case up.
 */
export function decideCaseEligibility(
  current: CaseState | undefined,
  command: ByStaff<DecideEligibility>,
  ctx: AssessmentContext,
): Decision<CaseState, LevelDecided> {
  const { state, pack } = caseInScope(current, command.by, ctx.policies);
  const level = levelOfRole(command.by.role);
  if (!level)
    throw DomainError.forbidden(
      'role_not_allowed',
      'only township caseworkers and county officers decide eligibility',
      '您的岗位无权审核',
    );
  const result = decideEligibility(state, pack, level, command.by.sub, command, ctx.now);
  const next = changed(state, { status: result.status, decisions: [...state.decisions, result.decision] });
  if (!result.final)
    return { state: next, result: { case: next, countyDueAt: decisionDueAt(pack, 'county', ctx.now) } };
  const decided = draft(topics.assessmentCases, EligibilityDecided, {
    key: state.caseId,
    data: {
      caseId: state.caseId,
      caseNumber: state.caseNumber,
      region: state.region,
      packVersion: pack.version,
      person: { personId: state.person.personId, name: state.person.name },
      address: state.address,
      items: result.final,
      consent: state.consent,
      decidedBy: command.by.sub,
      decidedAt: ctx.now.toISOString(),
      circumstances: circumstancesOf(next),
    },
  });
  return { state: next, events: [decided], result: { case: next } };
}
