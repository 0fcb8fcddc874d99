import type { Commits } from './use-case';

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
  declaredGroups: string[];
  declaredConditions: string[];
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
