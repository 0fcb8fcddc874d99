import { z } from 'zod';
import { defineEvent, type EventOf } from '../envelope';
import { address, applicantSummary } from './intake';
import { caseId, dataSharingConsent, isoDateTime, jurisdictionCode, regionId, targetGroup } from '../values';

export const CaseOpened = defineEvent(
  'case.opened.v1',
  z.object({
    caseId,
    caseNumber: z.string().min(1),
    region: regionId,
    township: jurisdictionCode,
    openedAt: isoDateTime,
  }),
  'Assessment opened a case for a registered request; investigation and review follow.',
);

export const itemDecision = z.object({
  itemCode: z.string().min(1),
  approved: z.boolean(),
  reason: z.string().min(1).describe('explanation a clerk can read out, in Chinese'),
});

export const EligibilityDecidedV1 = defineEvent(
  'eligibility.decided.v1',
  z.object({
    caseId,
    caseNumber: z.string().min(1),
    region: regionId,
    packVersion: z.string().min(1),
    person: applicantSummary.pick({ personId: true, name: true }),
    address,
    items: z.array(itemDecision).min(1),
    consent: dataSharingConsent,
    decidedBy: z.string().min(1),
    decidedAt: isoDateTime,
  }),
  'The township (and, where the region requires, the county) decided eligibility for each requested item.',
);

/**
 * The person's circumstances as the decision found them: what a region's delivery modes are chosen by (政府购买服务
 * only for those who cannot look after themselves and have nobody caring for them; 机构照料 for 特困 people who lost
 * self-care, unless an illness rules out collective care …). Facts, not judgements: the pack's modes judge them.
 */
export const personCircumstances = z.object({
  age: z.number().int().min(0).max(150).describe('full years on the day of registration'),
  groups: z
    .array(targetGroup)
    .describe('the assistance statuses eligibility used: those verified against a register, else those declared'),
  conditions: z
    .array(z.string().min(1))
    .describe('the region’s conditions the person meets: verified by the team or derived (age, Barthel, facts below)'),
  barthelScore: z.number().int().min(0).max(100).optional().describe('Barthel index of the home investigation'),
  livingAlone: z.boolean().optional(),
  carer: z
    .enum(['present', 'absent', 'suddenly_absent'])
    .optional()
    .describe('someone looks after the person; nobody does; or the carer is suddenly gone (突发原因短时间无人照料)'),
  illnesses: z
    .array(z.enum(['psychiatric', 'infectious']))
    .optional()
    .describe(
      'illnesses that rule out collective care (患有精神病、传染病等疾病不宜集中供养); empty: none known; absent: not recorded (investigations before these facts were asked)',
    ),
});
export type PersonCircumstances = z.infer<typeof personCircumstances>;

/** v2: the decision carries the person's circumstances, which the delivery modes of the region are chosen by. */
export const EligibilityDecided = defineEvent(
  'eligibility.decided.v2',
  EligibilityDecidedV1.schema.extend({
    circumstances: personCircumstances
      .optional()
      .describe('absent only on decisions made before v2 (read from v1): no mode with conditions applies'),
  }),
  'The township (and, where the region requires, the county) decided eligibility for each requested item. v2: ' +
    'with the person’s circumstances (statuses, conditions, self-care, carer, living alone, illnesses).',
);

/** A v1 decision (history) read as v2: its circumstances were not recorded. */
export function eligibilityDecidedFromV1(
  event: EventOf<typeof EligibilityDecidedV1>,
): EventOf<typeof EligibilityDecided> {
  return { ...event, type: EligibilityDecided.type, data: { ...event.data } };
}

const teamMember = z.object({ staffId: z.string().min(1), name: z.string().min(1).max(50), office: jurisdictionCode });

export const InvestigationAssigned = defineEvent(
  'investigation.assigned.v1',
  z.object({
    caseId,
    caseNumber: z.string().min(1),
    township: jurisdictionCode,
    team: z.tuple([teamMember, teamMember]).describe('the two-person home investigation team (入户调查)'),
    assignedBy: z.string().min(1),
    dueAt: isoDateTime,
  }),
  'The township assigned a two-person team to visit the home (入户调查), with a due date from the region’s pack.',
);

export const needKind = z.enum(['common', 'individual']);

export const InvestigationRecorded = defineEvent(
  'investigation.recorded.v1',
  z.object({
    caseId,
    caseNumber: z.string().min(1),
    region: regionId,
    township: jurisdictionCode,
    village: jurisdictionCode.optional(),
    recordedBy: z.string().min(1),
    recordedAt: isoDateTime,
    difficulty: z.object({ types: z.array(z.string().min(1)).min(1), degree: z.enum(['mild', 'moderate', 'severe']) }),
    barthel: z
      .object({ score: z.number().int().min(0).max(100), band: z.enum(['independent', 'mild', 'moderate', 'severe']) })
      .optional(),
    verifiedConditions: z.array(z.string().min(1)),
    needs: z.array(
      z.object({
        kind: needKind,
        category: z.string().min(1),
        itemCode: z.string().optional(),
        description: z.string().min(1).max(500),
      }),
    ),
  }),
  'The home investigation and needs assessment were recorded; the needs go to the township needs ledger (需求台账).',
);

/** What a reminder and an escalation both say about a home investigation's deadline. */
const investigationDeadline = {
  caseId,
  caseNumber: z.string().min(1),
  township: jurisdictionCode,
  team: z.array(z.string().min(1)),
  dueAt: isoDateTime,
};

export const InvestigationDueSoon = defineEvent(
  'investigation.duesoon.v1',
  z.object(investigationDeadline),
  'A home investigation is due soon and not yet recorded (reminder to the team).',
);

export const InvestigationOverdue = defineEvent(
  'investigation.overdue.v1',
  z.object({
    ...investigationDeadline,
    escalatedTo: jurisdictionCode.describe('the county civil-affairs bureau that is told'),
  }),
  'A home investigation passed its due date unrecorded; escalated to the county.',
);

export const EligibilityChanged = defineEvent(
  'eligibility.changed.v1',
  z.object({
    caseId,
    caseNumber: z.string().min(1),
    region: regionId,
    township: jurisdictionCode,
    personId: z.string().min(16),
    packVersion: z.string().min(1),
    cause: z.literal('registry_status_changed'),
    effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** Approved items that no longer qualify: their services stop. */
    stoppedItems: z.array(z.object({ itemCode: z.string().min(1), reason: z.string().min(1) })).min(1),
  }),
  'A change of assistance status means approved items no longer qualify; their services are to stop at once.',
);

export const DecisionOverdue = defineEvent(
  'decision.overdue.v1',
  z.object({
    caseId,
    caseNumber: z.string().min(1),
    township: jurisdictionCode,
    level: z.enum(['township', 'county']).describe('who has not decided in time'),
    dueAt: isoDateTime,
    escalatedTo: jurisdictionCode.describe('the county civil-affairs bureau that is told'),
  }),
  'A review (township) or approval (county) passed the time limit of the region’s pack; escalated to the county.',
);
