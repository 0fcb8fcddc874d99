import type { UseCaseContext } from '@carelink/contracts';
import type { PolicyPacks } from '@carelink/policy';

/** An accrual (结算记录): one delivered visit priced at the region's fee standard, in integer fen. */
export interface Accrual {
  /** The visit id: a visit accrues once. */
  accrualId: string;
  visitId: string;
  referralId: string;
  caseId: string;
  region: string;
  township: string;
  providerId: string;
  workerId: string;
  itemCode: string;
  itemName: { zh: string; en: string };
  unit: { zh: string; en: string };
  units: number;
  unitFeeFen: number;
  amountFen: number;
  /** YYYY-MM of the delivery in China time (Asia/Shanghai). */
  month: string;
  deliveredAt: string;
  packVersion: string;
  accruedAt: string;
}

/** What settlement's use cases are given besides state and command: the clock, ids and the regions' packs. */
export type SettlementContext = UseCaseContext & { policies: Pick<PolicyPacks, 'get'> };
