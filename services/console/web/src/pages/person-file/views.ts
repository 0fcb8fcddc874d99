/** The one-person file as assessment answers it (GET /files, GET /files/:serviceNumber). */
export interface FileRow {
  serviceNumber: string;
  personId: string;
  name: string;
  idNumberMasked: string;
  county: string;
  township: string;
  issuedAt: string;
  evaluations: number;
}

interface OfCase {
  caseNumber: string;
}

export interface Evaluation {
  evaluationId: string;
  occasion: string;
  caseId?: string;
  planId?: string;
  satisfaction: number;
  goalsMet: string;
  selfCare: string;
  barthelScore?: number;
  barthelBefore?: number;
  recommendation: string;
  remarks?: string;
  recordedBy: string;
  recordedAt: string;
}

export interface PersonFileView {
  serviceNumber: string;
  region: string;
  county: string;
  township: string;
  person: { personId: string; name: string; idNumberMasked: string };
  issuedAt: string;
  cases: { caseId: string; caseNumber: string; openedAt: string; status: string; itemCodes: string[] }[];
  documents: (OfCase & { attachmentId: string; kind: string; attachedBy: string; attachedAt: string })[];
  needsForms: (OfCase & {
    recordedBy: string;
    recordedAt: string;
    difficulty: { types: string[]; degree: string };
    barthel?: { score: number; band: string };
    verifiedConditions: string[];
    needs: { kind: string; category: string; itemCode?: string; description: string }[];
  })[];
  decisions: (OfCase & {
    decidedBy: string;
    decidedAt: string;
    packVersion: string;
    items: { itemCode: string; approved: boolean; reason: string }[];
  })[];
  stoppedItems: (OfCase & { itemCode: string; reason: string; effectiveFrom: string })[];
  referrals: (OfCase & {
    referralId: string;
    itemCode: string;
    receiver: string;
    explanation: string;
    status: string;
    createdAt: string;
    reason?: string;
  })[];
  plans: (OfCase & {
    planId: string;
    itemCode: string;
    providerId: string;
    versions: {
      planVersion: number;
      status: string;
      rrule: string;
      startDate: string;
      endDate: string;
      durationMinutes: number;
      tasks: string[];
      reason?: string;
    }[];
  })[];
  visits: (OfCase & {
    visitId: string;
    itemCode: string;
    providerId: string;
    status: string;
    scheduledFor?: string;
    checkedInAt?: string;
    checkedOutAt?: string;
    deliveredAt?: string;
    distanceMeters?: number;
    farFromHome?: boolean;
    verification?: string;
    tasksDone?: string[];
  })[];
  complaints: (OfCase & {
    complaintId: string;
    complaintNumber: string;
    summary: string;
    status: string;
    receivedAt: string;
    outcome?: { upheld: boolean; summary: string };
  })[];
  evaluations: Evaluation[];
  visitSummary: { total: number; delivered: number; verified: number; disputed: number; unverified: number };
}
