import { addWorkingDays, barthelItems, barthelScore, derivedConditions, type PolicyPack } from '@carelink/policy';
import {
  DomainError,
  draft,
  InvestigationAssigned,
  InvestigationDueSoon,
  InvestigationOverdue,
  InvestigationRecorded,
  jurisdictionCode,
  topics,
  type Decision,
  freeText,
  personCircumstances,
  targetGroup,
} from '@carelink/contracts';
import { z } from 'zod';
import { changed, type CaseState, type Investigation, type InvestigationResult, type TeamMember } from '../case';
import { caseInScope } from '../case-in-scope';
import { decisionDueAt } from '../decision-deadline/decision-deadline';
import type { AssessmentContext, ByStaff } from '../use-case';

/** AssignInvestigation: the township names the two-person home-investigation team (入户调查). */
export const assignInvestigationCommand = z.object({
  team: z
    .array(
      z.object({ staffId: z.string().trim().min(1), name: freeText().trim().min(1).max(50), office: jurisdictionCode }),
    )
    .length(2, 'a home investigation team has exactly two people'),
});
export type AssignInvestigation = z.infer<typeof assignInvestigationCommand>;

export interface AssignmentPlan {
  investigation: Investigation;
  remindAt: Date;
  dueAt: Date;
}

export function assignInvestigation(
  state: CaseState,
  pack: PolicyPack,
  command: AssignInvestigation,
  by: string,
  now: Date,
): AssignmentPlan {
  if (state.status !== 'open' && state.status !== 'investigating')
    throw DomainError.conflict(
      'investigation_closed',
      `case ${state.caseNumber} is ${state.status}; the investigation can no longer be (re)assigned`,
      '该申请已完成入户调查，不能再指派',
    );
  const [a, b] = command.team as [TeamMember, TeamMember];
  if (a.staffId === b.staffId)
    throw DomainError.invalid(
      'two_person_rule',
      'the two members must be two different people',
      '入户调查须由两名不同的工作人员共同开展',
    );
  const outside = [a, b].filter((m) => !m.office.startsWith(state.address.township));
  if (outside.length)
    throw DomainError.invalid(
      'team_outside_township',
      `${outside.map((m) => m.name).join(', ')} do not work in township ${state.address.township} or its villages`,
      '调查人员须为本乡镇(街道)或所属村(社区)工作人员',
    );
  const limits = pack.timeLimits;
  const dueAt = addWorkingDays(now, limits.investigationWorkingDays, pack.workingCalendar);
  const remindAt = addWorkingDays(
    now,
    Math.max(0, limits.investigationWorkingDays - limits.reminderBeforeDueWorkingDays),
    pack.workingCalendar,
  );
  return {
    dueAt,
    remindAt,
    investigation: {
      assignment: (state.investigation?.assignment ?? 0) + 1,
      team: [a, b],
      assignedBy: by,
      assignedAt: now.toISOString(),
      dueAt: dueAt.toISOString(),
      overdue: false,
    },
  };
}

const carerSituation = personCircumstances.shape.carer.unwrap();
const careIllness = personCircumstances.shape.illnesses.unwrap().element;

/**
 * RecordInvestigation: the team's findings — household, difficulty, ADL (Barthel), who looks after the person,
 * illnesses that rule out collective care, needs, conditions.
 */
export const recordInvestigationCommand = z.object({
  household: z.object({
    members: z.number().int().min(1).max(30),
    livingAlone: z.boolean(),
    monthlyIncomeFen: z.number().int().nonnegative().optional(),
    housing: z.string().max(200).optional(),
  }),
  difficulty: z.object({
    types: z.array(z.string().trim().min(1).max(50)).min(1),
    degree: z.enum(['mild', 'moderate', 'severe']),
  }),
  barthel: barthelItems.optional(),
  /**
   * Who looks after the person (照料情况). Required, with no "unknown": the team is in the home, and who cares for
   * the person — or that the carer is suddenly gone (因突发原因造成短时间生活无人照料) — is what a home visit finds
   * out; it is what government-purchased care is granted on (000 三(六)1), so a caseworker expects to answer it.
   */
  carer: carerSituation,
  /**
   * Illnesses that rule out collective care (患有精神病、传染病等疾病不宜集中供养, 000 三(六)2), as the team saw them
   * on a diagnosis or was told: the team does not diagnose. Required, an empty list saying "none known", so a
   * record never leaves it unclear whether the question was asked.
   */
  illnesses: z.array(careIllness).refine((list) => new Set(list).size === list.length, 'each illness is named once'),
  needs: z
    .array(
      z.object({
        kind: z.enum(['common', 'individual']),
        category: z.string().trim().min(1).max(50),
        itemCode: z.string().optional(),
        description: freeText().trim().min(1).max(500),
      }),
    )
    .min(1, 'record at least one need'),
  /** Conditions the team verified with documents (重病, 重度残疾 …); derived ones are added by the rules. */
  verifiedConditions: z.array(z.string().min(1)).default([]),
  /**
   * The assistance statuses the team confirmed against the registers of the region's pack (核对), each with the
   * document it saw; eligibility then follows these, not the declared ones. Left out: the registers were not
   * checked, and the declaration still counts. A person who declared none may be found to hold one (主动发现).
   */
  verifiedStatuses: z
    .array(
      z.object({
        status: targetGroup,
        register: z.string().trim().min(1).max(40),
        documentRef: freeText().trim().min(1).max(100),
      }),
    )
    .max(10)
    .optional(),
  /** Evidence photos uploaded to the request (intake `POST /requests/:id/attachments?kind=evidence_photo`). */
  evidencePhotos: z
    .array(z.string().regex(/^[0-9a-f]{24}$/, 'an attachment id from intake'))
    .max(20)
    .default([]),
  note: freeText().max(2000).optional(),
});
export type RecordInvestigation = z.infer<typeof recordInvestigationCommand>;

export function recordInvestigation(
  state: CaseState,
  pack: PolicyPack,
  command: RecordInvestigation,
  by: string,
  now: Date,
): InvestigationResult {
  if (state.status !== 'investigating' || !state.investigation)
    throw DomainError.conflict(
      'no_investigation_assigned',
      `case ${state.caseNumber} has no open home investigation`,
      '该申请尚未指派入户调查或已完成调查',
    );
  if (!state.investigation.team.some((m) => m.staffId === by))
    throw DomainError.forbidden(
      'not_on_team',
      'only a member of the assigned team records the investigation',
      '只有指派的调查人员可以录入调查结果',
    );
  const known = new Set(pack.conditions.map((c) => c.code));
  const unknown = command.verifiedConditions.filter((c) => !known.has(c));
  if (unknown.length)
    throw DomainError.invalid(
      'unknown_condition',
      `conditions not in the ${pack.name.en} pack: ${unknown.join(', ')}`,
      '所填认定情形不在本地区规定范围内',
    );
  const derivable = new Set(pack.conditions.filter((c) => c.derive).map((c) => c.code));
  const claimedDerived = command.verifiedConditions.filter((c) => derivable.has(c));
  if (claimedDerived.length)
    throw DomainError.invalid(
      'derived_condition',
      `${claimedDerived.join(', ')} are computed from age and the Barthel index, not entered`,
      '该情形由年龄和Barthel指数自动认定，无需填写',
    );
  const badItems = command.needs.filter((n) => n.itemCode && !pack.catalogue.some((i) => i.code === n.itemCode));
  if (badItems.length)
    throw DomainError.invalid(
      'unknown_service_item',
      `needs name items not in the catalogue: ${badItems.map((n) => n.itemCode).join(', ')}`,
      '需求中的服务事项不在本地区服务清单内',
    );

  if (command.verifiedStatuses) checkVerifiedStatuses(pack, command.verifiedStatuses);

  const barthel = command.barthel ? { items: command.barthel, ...barthelScore(command.barthel) } : undefined;
  const derived = derivedConditions(pack, { age: state.person.ageAtRegistration, barthelScore: barthel?.score });
  return {
    recordedBy: by,
    recordedAt: now.toISOString(),
    household: command.household,
    difficulty: command.difficulty,
    ...(barthel ? { barthel } : {}),
    carer: command.carer,
    illnesses: command.illnesses,
    needs: command.needs,
    verifiedConditions: [...command.verifiedConditions, ...derived.map((d) => d.code)],
    conditionReasons: derived.map((d) => d.reason),
    ...(command.verifiedStatuses ? { verifiedStatuses: command.verifiedStatuses } : {}),
    evidencePhotos: command.evidencePhotos,
    ...(command.note ? { note: command.note } : {}),
  };
}

/**
 * Each verified status is a target group of the region, confirmed by a register of its pack that holds that
 * status, and named once.
 */
function checkVerifiedStatuses(pack: PolicyPack, verified: NonNullable<RecordInvestigation['verifiedStatuses']>) {
  const problems = verified.flatMap((v, i) => {
    const path = `verifiedStatuses.${i}`;
    const register = pack.statusRegisters.find((r) => r.code === v.register);
    if (!pack.targetGroups.some((g) => g.code === v.status))
      return [
        { path: `${path}.status`, code: 'unknown_status', message: `${v.status} is not a status of ${pack.name.en}` },
      ];
    if (!register)
      return [
        {
          path: `${path}.register`,
          code: 'unknown_register',
          message: `${v.register} is not a register of ${pack.name.en}`,
        },
      ];
    if (!register.statuses.includes(v.status))
      return [
        {
          path: `${path}.register`,
          code: 'register_does_not_hold_status',
          message: `${register.name} does not confirm ${v.status} (it holds ${register.statuses.join(', ')})`,
        },
      ];
    if (verified.findIndex((w) => w.status === v.status) !== i)
      return [{ path: `${path}.status`, code: 'duplicate_status', message: `${v.status} is verified twice` }];
    return [];
  });
  if (problems.length)
    throw DomainError.invalid(
      problems[0]!.code,
      `verified statuses: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      '核实的救助身份须由本地区对应的信息系统确认，且每种身份只填写一次',
      problems,
    );
}

/** What a reminder or overdue job should do now, given the case as it is. */
export function investigationTimer(
  state: CaseState | null,
  assignment: number,
  kind: 'reminder' | 'overdue',
): 'remind' | 'escalate' | 'nothing' {
  if (!state || state.status !== 'investigating' || state.investigation?.assignment !== assignment) return 'nothing';
  if (kind === 'reminder') return 'remind';
  return state.investigation.overdue ? 'nothing' : 'escalate';
}

/** What an assignment leaves for its timers: the case as assigned, when to remind the team, when it is due. */
export interface InvestigationAssignment {
  case: CaseState;
  remindAt: Date;
  dueAt: Date;
}

/** AssignInvestigation on a case: the team is named and the case is being investigated. */
export function decideAssignInvestigation(
  current: CaseState | undefined,
  command: ByStaff<AssignInvestigation>,
  ctx: AssessmentContext,
): Decision<CaseState, InvestigationAssignment> {
  const { state, pack } = caseInScope(current, command.by, ctx.policies);
  const plan = assignInvestigation(state, pack, command, command.by.sub, ctx.now);
  const next = changed(state, { status: 'investigating', investigation: plan.investigation });
  const assigned = draft(topics.assessmentCases, InvestigationAssigned, {
    key: state.caseId,
    data: {
      caseId: state.caseId,
      caseNumber: state.caseNumber,
      township: state.address.township,
      team: plan.investigation.team,
      assignedBy: command.by.sub,
      dueAt: plan.investigation.dueAt,
    },
  });
  return { state: next, events: [assigned], result: { case: next, remindAt: plan.remindAt, dueAt: plan.dueAt } };
}

/** What recording leaves for the timers: the case as investigated, and when the township's review is due. */
export interface InvestigationRecording {
  case: CaseState;
  reviewDueAt: Date;
}

/** RecordInvestigation on a case: the team's findings are kept and the township's review may begin. */
export function decideRecordInvestigation(
  current: CaseState | undefined,
  command: ByStaff<RecordInvestigation>,
  ctx: AssessmentContext,
): Decision<CaseState, InvestigationRecording> {
  const { state, pack } = caseInScope(current, command.by, ctx.policies);
  const result = recordInvestigation(state, pack, command, command.by.sub, ctx.now);
  const next = changed(state, { status: 'investigated', investigation: { ...state.investigation!, result } });
  const recorded = draft(topics.assessmentCases, InvestigationRecorded, {
    key: state.caseId,
    data: {
      caseId: state.caseId,
      caseNumber: state.caseNumber,
      region: state.region,
      township: state.address.township,
      ...(state.address.village ? { village: state.address.village } : {}),
      recordedBy: command.by.sub,
      recordedAt: result.recordedAt,
      difficulty: result.difficulty,
      ...(result.barthel
        ? { barthel: { score: result.barthel.score, band: result.barthel.band as 'independent' } }
        : {}),
      verifiedConditions: result.verifiedConditions,
      needs: result.needs,
    },
  });
  return {
    state: next,
    events: [recorded],
    result: { case: next, reviewDueAt: decisionDueAt(pack, 'township', ctx.now) },
  };
}

/**
 * A reminder or overdue job of an assignment: remind the team, or escalate to the county once. The event
 * id derives from the case, the timer and the assignment, so a job that runs twice says it once.
 */
export function decideInvestigationTimer(
  current: CaseState | undefined,
  timer: { kind: 'reminder' | 'overdue'; assignment: number },
  ctx: AssessmentContext,
): Decision<CaseState> {
  const action = investigationTimer(current ?? null, timer.assignment, timer.kind);
  if (action === 'nothing' || !current) return {};
  const inv = current.investigation!;
  const key = current.caseId;
  const id = ctx.derivedId(current.caseId, timer.kind, String(timer.assignment));
  const common = {
    caseId: current.caseId,
    caseNumber: current.caseNumber,
    township: current.address.township,
    team: inv.team.map((m) => m.staffId),
    dueAt: inv.dueAt,
  };
  if (action === 'remind')
    return {
      state: changed(current, {}),
      events: [draft(topics.assessmentCases, InvestigationDueSoon, { key, id, data: common })],
    };
  return {
    state: changed(current, { investigation: { ...inv, overdue: true } }),
    events: [
      draft(topics.assessmentCases, InvestigationOverdue, {
        key,
        id,
        data: { ...common, escalatedTo: current.address.county },
      }),
    ],
  };
}
