import type { UseCaseContext } from '@carelink/contracts';
import type { PolicyPacks } from '@carelink/policy';

/** What became of a delivered visit's confirmation by its recipient (visit.delivered.v2). */
export type Verification = 'verified' | 'disputed' | 'unverified';

/**
 * An accrual (结算记录): one delivered visit priced at the fee standard in force on its date, in integer fen. It
 * is the fact a statement line is computed from; whether the visit is paid is decided by the statement (its
 * verification, the service's stop and plan, duplicates, complaint holds).
 */
export interface Accrual {
  /** The visit id: a visit accrues once. */
  accrualId: string;
  visitId: string;
  referralId: string;
  caseId: string;
  region: string;
  /** The county code (the township's first six digits): the fee standard's and the funding's county. */
  county: string;
  township: string;
  providerId: string;
  workerId: string;
  itemCode: string;
  itemName: { zh: string; en: string };
  unit: { zh: string; en: string };
  units: number;
  unitFeeFen: number;
  amountFen: number;
  /** Where the fee comes from: the version's start (absent: the catalogue fee) and its source. */
  feeEffectiveFrom?: string;
  feeSource: string;
  /** YYYY-MM of the delivery in China time (Asia/Shanghai). */
  month: string;
  /** YYYY-MM-DD of the delivery in China time: the day the fee standard is read for. */
  serviceDate: string;
  deliveredAt: string;
  scheduledFor?: string;
  verification: Verification;
  verificationReason: string;
  /** 1: a visit.delivered.v1 read as unverified (history); 2: its verification is settled. A v2 replaces a v1. */
  deliveryVersion: 1 | 2;
  packVersion: string;
  accruedAt: string;
}

/** What settlement's use cases are given besides state and command: the clock, ids and the regions' packs. */
export type SettlementContext = UseCaseContext & { policies: Pick<PolicyPacks, 'get'> };
