export type ReferralStatus = 'requested' | 'awaiting_provider' | 'accepted' | 'in_progress' | 'cancelled';

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
}
