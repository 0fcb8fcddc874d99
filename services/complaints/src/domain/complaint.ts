import type { complaintType } from '@carelink/contracts';
import type { z } from 'zod';

export type ComplaintType = z.infer<typeof complaintType>;
export type ComplaintStatus = 'received';

/** A case as complaints knows it, from intake's registrations: enough to check and scope a complaint. */
export interface KnownCase {
  caseId: string;
  caseNumber: string;
  region: string;
  township: string;
  personId: string;
}

/** A complaint (投诉) about a case, numbered TS-YYYYMMDD-NNNN by the day it was received (China time). */
export interface Complaint {
  complaintId: string;
  complaintNumber: string;
  caseId: string;
  caseNumber: string;
  region: string;
  township: string;
  type: ComplaintType;
  channel: string;
  summary: string;
  status: ComplaintStatus;
  receivedAt: string;
  receivedBy: string;
}
