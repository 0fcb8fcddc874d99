import { z } from 'zod';
import { defineEvent } from '../envelope';
import { caseId, fen, jurisdictionCode, month, regionId } from '../values';

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
