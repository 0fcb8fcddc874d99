import type { PersonCircumstances } from '@carelink/contracts';
import type { Commits } from './use-case';

/** Who looks after the person, as the home investigation found (the contract's words). */
export type CarerSituation = NonNullable<PersonCircumstances['carer']>;
/** An illness that rules out collective care (不宜集中供养). */
export type CareIllness = NonNullable<PersonCircumstances['illnesses']>[number];

/** A case (个案) as assessment keeps it: the request, then each approval level's decision. */
export type CaseStatus = 'open' | 'investigating' | 'investigated' | 'awaiting_county' | 'decided';
export type ApprovalLevel = 'township' | 'county';

export interface ItemVerdict {
  itemCode: string;
  approved: boolean;
  reason: string;
}

export interface LevelDecision {
  level: ApprovalLevel;
  by: string;
  at: string;
  packVersion: string;
  items: ItemVerdict[];
  /**
   * Documents the region requires that were not on file for the items this level approved, and the reason it
   * decided without them (stored, audited and shown with the decision).
   */
  missingDocuments?: { items: { itemCode: string; documents: string[] }[]; reason: string };
}

/** An assistance status the home investigation confirmed against a register, with the document it saw. */
export interface VerifiedStatus {
  /** The target group (低保, 特困 …). */
  status: string;
  /** The register of the region's pack that holds it (`statusRegisters`: 民政低保信息系统 …). */
  register: string;
  /** The document seen: its number or reference (低保证号, 特困供养证号, 残疾证号 …). */
  documentRef: string;
}

export interface TeamMember {
  staffId: string;
  name: string;
  /** The member's office: the township or one of its villages. */
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
  /**
   * Whether someone looks after the person: present, nobody, or the carer suddenly gone (因突发原因造成短时间生活无人
   * 照料). Absent on investigations recorded before the team was asked (not known, not "nobody").
   */
  carer?: CarerSituation;
  /**
   * Illnesses that rule out collective care (患有精神病、传染病等疾病不宜集中供养) the team found; empty: none known.
   * Absent on investigations recorded before the team was asked.
   */
  illnesses?: CareIllness[];
  /**
   * The assistance statuses the team confirmed against the registers; eligibility follows them, not the declared
   * ones. Absent when the registers were not checked (investigations recorded before statuses were verified).
   */
  verifiedStatuses?: VerifiedStatus[];
  /** Attachment ids (intake GridFS) of the photos taken during the visit. */
  evidencePhotos?: string[];
  note?: string;
}

export interface Investigation {
  /** 1 for the first team; a reassignment increments it (jobs of an old assignment do nothing). */
  assignment: number;
  team: [TeamMember, TeamMember];
  assignedBy: string;
  assignedAt: string;
  dueAt: string;
  overdue: boolean;
  result?: InvestigationResult;
}

export interface CaseState {
  caseId: string;
  caseNumber: string;
  region: string;
  status: CaseStatus;
  version: number;
  /**
   * The applicant as registered: no birth date, a 3+2 mask, and the age on the day of registration, which the
   * region's age rules judge the whole case by (受理之日的周岁).
   */
  person: { personId: string; name: string; ageAtRegistration: number; idNumberMasked: string };
  address: { county: string; township: string; village?: string; detail?: string };
  /** The assistance statuses the applicant declared (none when they declared none or were not sure). */
  declaredGroups: string[];
  /** Whether the applicant named statuses, declared none, or was not sure (cases opened before: declared). */
  declaredStatus?: 'declared' | 'none' | 'not_sure';
  declaredConditions: string[];
  /** The status a register last reported (dynamic management), newer than anything before it. */
  registerStatus?: { groups: string[]; source: string; effectiveFrom: string; recordedAt: string };
  /** Documents attached to the request (intake's document.attached), what the required documents are checked on. */
  documents?: { attachmentId: string; kind: string; at: string }[];
  /** The applicant's consent to share data with whoever serves them, as recorded at application. */
  consent: { given: boolean; givenBy: 'applicant' | 'proxy'; recordedAt: string };
  itemCodes: string[];
  channel: string;
  openedAt: string;
  decisions: LevelDecision[];
  investigation?: Investigation;
  /** Approved items stopped by dynamic management (动态管理), with why. */
  stoppedItems?: { itemCode: string; reason: string; at: string }[];
  /** Levels whose decision passed its time limit and was escalated (each once). */
  escalatedLevels?: ApprovalLevel[];
  /** Ids of the status-change events already applied (so a redelivery changes nothing). */
  appliedStatusChanges?: string[];
}

/** The case after a change: `version` counts the changes of the case. */
export function changed(state: CaseState, change: Partial<Omit<CaseState, 'caseId' | 'version'>>): CaseState {
  return { ...state, ...change, version: state.version + 1 };
}

/** Cases as use cases change them. */
export type CaseCommits = Commits<CaseState>;

/** Reads of cases beyond the one a use case changes. */
export interface CaseReads {
  get(caseId: string): Promise<CaseState | null>;
  /** Every case of a person (dynamic management applies a status change to each). */
  ofPerson(personId: string): Promise<CaseState[]>;
}
