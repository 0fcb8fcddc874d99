/** A case (个案) as assessment keeps it: the request, then each approval level's decision. */
export type CaseStatus = 'open' | 'awaiting_county' | 'decided';
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

export interface CaseState {
  caseId: string;
  caseNumber: string;
  region: string;
  status: CaseStatus;
  version: number;
  person: { personId: string; name: string; birthDate: string; idNumberMasked: string };
  address: { county: string; township: string; village?: string; detail?: string };
  declaredGroups: string[];
  declaredConditions: string[];
  itemCodes: string[];
  channel: string;
  openedAt: string;
  decisions: LevelDecision[];
}
