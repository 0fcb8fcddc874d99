export type ReferralStatus =
  'awaiting_consent' | 'requested' | 'awaiting_provider' | 'accepted' | 'in_progress' | 'cancelled';

export interface ProviderContract {
  contractId: string;
  providerId: string;
  providerName: string;
  region: string;
  itemCodes: string[];
  townships: string[];
  /** Referrals the provider can take per month under this contract. */
  monthlyCapacity: number;
  validFrom: string;
  validTo: string;
}

export type Route =
  { kind: 'department'; departmentCode: string } | { kind: 'provider'; providerId: string; contractId: string };

export interface ReferralRecord {
  referralId: string;
  caseId: string;
  caseNumber: string;
  region: string;
  itemCode: string;
  township: string;
  person: { personId: string; name: string };
  status: ReferralStatus;
  route?: Route;
  explanation: string;
  month: string;
  createdAt: string;
  cancellation?: { reason: string; at: string };
  /** Why the person's data may go to the receiver: consent, or a township's recorded override. */
  sharingBasis?: SharingBasis;
}

export type SharingBasis =
  { basis: 'consent'; givenBy: 'applicant' | 'proxy' } | { basis: 'override'; reason: string; by: string };
