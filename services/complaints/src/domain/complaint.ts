import type {
  complaintAbout,
  complaintChannel,
  complaintKind,
  complaintStatus,
  complaintType,
  Commits as RecordCommits,
  UseCaseContext,
} from '@carelink/contracts';
import type { PolicyPacks } from '@carelink/policy';
import type { z } from 'zod';

export type ComplaintType = z.infer<typeof complaintType>;
export type ComplaintKind = z.infer<typeof complaintKind>;
export type ComplaintStatus = z.infer<typeof complaintStatus>;
export type ComplaintChannel = z.infer<typeof complaintChannel>;
export type ComplaintAbout = z.infer<typeof complaintAbout>;

/** A case as complaints knows it, from intake's registrations: enough to check and scope a complaint. */
export interface KnownCase {
  caseId: string;
  caseNumber: string;
  region: string;
  township: string;
  personId: string;
}

export type AssigneeLevel = 'township' | 'county' | 'provider';

/** One step of a complaint's lifecycle, with who and why. */
export interface Transition {
  from: ComplaintStatus;
  to: ComplaintStatus;
  actor: string;
  reason: string;
  at: string;
  escalated?: boolean;
}

/**
 * A complaint (投诉) or consultation (咨询), numbered TS-YYYYMMDD-NNNN by the day it was received (China
 * time). `scope` is the jurisdiction code it is visible within: the township (of the case or as given),
 * the county it was escalated or assigned to, or the region's prefecture when only a provider is named.
 * The reporter's identity is sealed (encrypted) and absent for anonymous complaints.
 */
export interface Complaint {
  complaintId: string;
  complaintNumber: string;
  region: string;
  kind: ComplaintKind;
  about: ComplaintAbout;
  caseId?: string;
  caseNumber?: string;
  township?: string;
  scope: string;
  type: ComplaintType;
  channel: ComplaintChannel;
  summary: string;
  attachmentIds: string[];
  anonymous: boolean;
  reporterSealed?: string;
  status: ComplaintStatus;
  assignee?: { level: AssigneeLevel; unit: string };
  /** The staff member handling it: the only one who sees the reporter's identity. */
  handlerId?: string;
  answer?: string;
  outcome?: { upheld: boolean; summary: string };
  rating?: { score: number; comment?: string; ratedAt: string };
  /** Time limits of the current round (working days from the region's pack). */
  acknowledgeBy: string;
  resolveBy: string;
  /** 1 at first; each reopening starts a new round of the resolve time limit. */
  round: number;
  escalated: boolean;
  history: Transition[];
  receivedAt: string;
  receivedBy: string;
  updatedAt: string;
}

/** What every use case of complaints is given besides state and command: the clock, ids, the regions' packs. */
export type ComplaintsContext = UseCaseContext & { policies: Pick<PolicyPacks, 'get'> };

/**
 * How a record of complaints changes (a complaint, a provider's record): load it by id, decide, write it and
 * the events decided in one update. The service gives the commit port; unit tests an in-memory map.
 */
export type Commits<S> = RecordCommits<S, { policies: Pick<PolicyPacks, 'get'> }>;
