import { z } from 'zod';
import { defineEvent } from '../envelope';
import { caseId, fen, isoDateTime, jurisdictionCode, month, regionId } from '../values';

export const SettlementAccrued = defineEvent(
  'settlement.accrued.v1',
  z.object({
    accrualId: z.string().min(1),
    visitId: z.string().min(1),
    caseId,
    region: regionId,
    township: jurisdictionCode,
    providerId: z.string().min(1),
    month,
    itemCode: z.string().min(1),
    units: z.number().int().positive(),
    unitFeeFen: fen,
    amountFen: fen,
    packVersion: z.string().min(1),
  }),
  "A delivered visit was accrued into its provider's monthly settlement at the county fee standard.",
);

/** A monthly statement (月度结算单) of one provider in one township: its id is `<providerId>|<township>|<month>`. */
const statementFacts = {
  statementId: z.string().min(1),
  region: regionId,
  township: jurisdictionCode,
  providerId: z.string().min(1),
  month,
};

/** What a statement pays when it is confirmed: the frozen totals every later state refers to. */
const statementTotals = {
  payableFen: z
    .number()
    .int()
    .describe('the sum of the paid lines (visits and adjusting lines), integer fen; negative when reversals exceed it'),
  adjustmentFen: z
    .number()
    .int()
    .describe('the part of payableFen from adjusting lines (corrections of confirmed months); may be negative'),
  lineCount: z.number().int().nonnegative(),
  heldCount: z.number().int().nonnegative().describe('lines held by an upheld complaint (not paid)'),
  excludedCount: z.number().int().nonnegative().describe('visits excluded with a reason (not paid)'),
};

export const StatementConfirmed = defineEvent(
  'settlement.statement-confirmed.v1',
  z.object({ ...statementFacts, ...statementTotals, confirmedBy: z.string().min(1), confirmedAt: isoDateTime }),
  'The township confirmed a provider’s monthly statement: its lines are frozen; later changes become adjusting lines of the next open statement.',
);

export const StatementApproved = defineEvent(
  'settlement.statement-approved.v1',
  z.object({ ...statementFacts, payableFen: z.number().int(), approvedBy: z.string().min(1), approvedAt: isoDateTime }),
  'The county approved a confirmed monthly statement for payment.',
);

export const StatementPaid = defineEvent(
  'settlement.statement-paid.v1',
  z.object({ ...statementFacts, payableFen: z.number().int(), paidBy: z.string().min(1), paidAt: isoDateTime }),
  'The county recorded an approved monthly statement as paid to the provider.',
);
