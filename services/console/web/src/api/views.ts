/**
 * What the services answer, as the screens read it. The OpenAPI documents the services publish describe
 * requests (paths, query parameters, bodies) but not answers, so the generated `paths` type the calls and these
 * type the answers. Each mirrors the view a route returns (named beside it); a role sees only its fields
 * (libs/auth field-access), hence the optional fields.
 */

/** A page of a list. `total` is absent from lists without pagination (then the whole list is `items`). */
export interface Paged<T> {
  items: T[];
  total?: number;
  /** The count stopped at `total` (the services count up to 1000): there are more. */
  totalCapped?: boolean;
  page?: number;
  pageSize?: number;
}

export interface Address {
  county?: string;
  township: string;
  village?: string;
  detail?: string;
}

/** intake `GET /requests`, `GET /requests/:caseId` (requestView). */
export interface RequestView {
  caseId: string;
  caseNumber: string;
  region: string;
  channel: string;
  status: 'registered' | 'decided' | string;
  personId?: string;
  applicant?: { name: string; idNumberMasked?: string; ageAtRegistration?: number; phone?: string };
  proxy?: { name: string; relation: string };
  household?: { name: string; relation: string; idNumberMasked?: string; ageAtRegistration?: number }[];
  address?: Address;
  declaredGroups?: string[];
  declaredConditions?: string[];
  items: string[];
  description?: string;
  registeredAt: string;
  consent?: { given: boolean; givenBy?: 'applicant' | 'proxy'; recordedAt?: string };
  progress?: { stage?: string };
  /** Per item, the documents the region requires and those not attached yet. */
  documents?: { items: { itemCode: string; required: string[]; missing: string[] }[]; missing: string[] };
}

/** intake `GET /requests/:caseId/attachments` items (AttachmentInfo). */
export interface AttachmentView {
  attachmentId: string;
  caseId: string;
  kind: string;
  contentType: string;
  size: number;
  uploadedAt: string;
  uploadedBy?: string;
}

export type CaseStatus = 'open' | 'investigating' | 'investigated' | 'awaiting_county' | 'decided';

export interface TeamMember {
  staffId: string;
  name: string;
  office: string;
}

export interface InvestigationResult {
  recordedBy: string;
  recordedAt: string;
  household: { members: number; livingAlone: boolean; monthlyIncomeFen?: number; housing?: string };
  difficulty: { types: string[]; degree: 'mild' | 'moderate' | 'severe' };
  barthel?: { items: Record<string, number>; score: number; band: string };
  needs: { kind: 'common' | 'individual'; category: string; itemCode?: string; description: string }[];
  verifiedConditions: string[];
  conditionReasons: string[];
  /** Who looks after the person; absent on investigations recorded before the team was asked. */
  carer?: 'present' | 'absent' | 'suddenly_absent';
  /** Illnesses that rule out collective care (empty: none known); absent on investigations recorded before. */
  illnesses?: ('psychiatric' | 'infectious')[];
  /** The statuses confirmed against the registers; absent when the registers were not checked. */
  verifiedStatuses?: { status: string; register: string; documentRef: string }[];
  evidencePhotos?: string[];
  note?: string;
}

export interface LevelDecision {
  level: 'township' | 'county';
  by: string;
  at: string;
  packVersion: string;
  items: { itemCode: string; approved: boolean; reason: string }[];
  /** Documents required but not on file for the items approved, and why the level decided without them. */
  missingDocuments?: { items: { itemCode: string; documents: string[] }[]; reason: string };
}

/** assessment `GET /cases`, `GET /cases/:caseId` (CaseState). */
export interface CaseView {
  caseId: string;
  caseNumber: string;
  region: string;
  status: CaseStatus;
  version?: number;
  person: { personId?: string; name: string; ageAtRegistration?: number; idNumberMasked?: string };
  address: Address;
  declaredGroups?: string[];
  declaredStatus?: 'declared' | 'none' | 'not_sure';
  declaredConditions?: string[];
  registerStatus?: { groups: string[]; source: string; effectiveFrom: string; recordedAt: string };
  /** Documents attached to the request (kind, attachment id). */
  documents?: { attachmentId: string; kind: string; at: string }[];
  consent?: { given: boolean; givenBy: 'applicant' | 'proxy'; recordedAt: string };
  itemCodes: string[];
  channel: string;
  openedAt: string;
  decisions?: LevelDecision[];
  investigation?: {
    assignment: number;
    team: [TeamMember, TeamMember];
    assignedBy: string;
    assignedAt: string;
    dueAt: string;
    overdue: boolean;
    result?: InvestigationResult;
  };
  stoppedItems?: { itemCode: string; reason: string; at: string }[];
  escalatedLevels?: ('township' | 'county')[];
  /** When the level the case waits for must decide (from the pack's working calendar). */
  decisionDueAt?: string;
  /** In lists: when the investigation was recorded, and what the case waits for by when. */
  investigatedAt?: string;
  due?: { kind: 'investigation' | 'township_review' | 'county_approval'; dueAt: string; overdue: boolean };
}

/** assessment `GET /cases/:caseId/eligibility`. */
export interface EligibilityView {
  packVersion: string;
  /** The assistance status the rules go by, beside what was declared (and what was verified or registered). */
  assistanceStatus?: {
    basis: 'declared' | 'verified' | 'register';
    groups: string[];
    declared: { status: 'declared' | 'none' | 'not_sure'; groups: string[] };
    verified?: { status: string; register: string; documentRef: string }[];
    register?: { groups: string[]; source: string; effectiveFrom: string };
    explanation: string;
  };
  items: {
    itemCode: string;
    eligible: boolean;
    outcomes: { rule: string; passed: boolean; explanation: string }[];
    /** The documents the region requires for the item, and those not on file. */
    documents?: { required: string[]; missing: string[] };
  }[];
}

export type ReferralStatus =
  | 'awaiting_consent'
  | 'awaiting_provider'
  | 'awaiting_list'
  | 'requested'
  | 'received'
  | 'accepted'
  | 'rejected'
  | 'in_progress'
  | 'completed'
  | 'cancelled'
  | 'failed';

/**
 * Who a referral goes to: a contracted provider, or a department-type receiver — a department, or (with
 * `receiverKind`) a receiver the pack names (institution, party branch, village team, neighbours, charity),
 * `departmentCode` being its code.
 */
export type ReferralRoute =
  | {
      kind: 'department';
      departmentCode: string;
      receiverKind?: 'institution' | 'party_branch' | 'village_team' | 'neighbours' | 'charity';
    }
  | { kind: 'provider'; providerId: string; contractId: string };

/** referral `GET /referrals`, `GET /referrals/:referralId` (ReferralRecord). */
export interface ReferralView {
  referralId: string;
  caseId: string;
  caseNumber: string;
  region: string;
  itemCode: string;
  township: string;
  /** The person's village, when the address names it. */
  village?: string;
  person: { personId?: string; name: string; idNumberMasked?: string; ageAtRegistration?: number };
  status: ReferralStatus;
  route?: ReferralRoute;
  /** The delivery mode (服务方式) it was routed by: `code` names it in the directory's `modes`. */
  mode?: { code: string; name: string; handover: 'referral' | 'monthly_list' | 'pairing'; category?: string };
  /** When the county handed the charity's monthly list with it over, and who did. */
  listedHandover?: { by: string; at: string };
  explanation?: string;
  createdAt: string;
  sharingBasis?: { basis: 'consent'; givenBy: string } | { basis: 'override'; reason?: string; by: string };
  attempt?: number;
  answerDueAt?: string;
  history?: { from: string; to: string; attempt: number; by: string; at: string; reason?: string }[];
  escalatedAt?: string;
  escalationReason?: string;
}

/** referral `GET /contracts` items (ProviderContract). */
export interface ContractView {
  contractId: string;
  providerId: string;
  providerName: string;
  region: string;
  itemCodes: string[];
  townships: string[];
  monthlyCapacity: number;
  validFrom: string;
  validTo: string;
}

/** complaints `GET /complaints`, `GET /complaints/:complaintId` (complaintView). */
export interface ComplaintView {
  complaintId: string;
  complaintNumber: string;
  region: string;
  kind: 'complaint' | 'consultation';
  about: { caseId?: string; caseNumber?: string; providerId?: string; workerId?: string; township?: string };
  caseId?: string;
  caseNumber?: string;
  township?: string;
  scope: string;
  type: string;
  channel: string;
  summary: string;
  status: string;
  assignee?: { level: 'township' | 'county' | 'provider'; unit: string };
  handlerId?: string;
  acknowledgeBy: string;
  resolveBy: string;
  escalated: boolean;
  receivedAt: string;
  updatedAt?: string;
  /** In lists: the time limit it runs against now (acknowledge while received, else resolve). */
  due?: { dueAt: string; overdue: boolean; kind?: string };
}

/** assessment `GET /needs-ledger` (LedgerView). */
export interface LedgerEntryView {
  entryId: string;
  caseId: string;
  caseNumber: string;
  township: string;
  village?: string;
  kind: 'common' | 'individual';
  category: string;
  itemCode?: string;
  description: string;
  recordedAt: string;
}
export interface LedgerView {
  common: LedgerEntryView[];
  individual: LedgerEntryView[];
  summary: { kind: 'common' | 'individual'; category: string; count: number }[];
}

/** assessment `GET /public-notice` (PublicNotice): names and ID numbers masked by the service. */
export interface PublicNoticeView {
  area: string;
  hotline?: string;
  entries: {
    village: string;
    villageName: string;
    name: string;
    idNumber: string;
    groups: string[];
    items: string[];
    approvedOn: string;
    caseNumber: string;
  }[];
}
