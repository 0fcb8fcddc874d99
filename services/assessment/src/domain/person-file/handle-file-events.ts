import type { EligibilityDecided, EventOf } from '@carelink/contracts';
import type { PolicyPack, PolicyPacks } from '@carelink/policy';
import type { CaseReads, CaseState } from '../case';
import { PolicyPackMissing } from '../case-in-scope';
import type { CaseRecordEvent, ComplaintEvent } from './case-record';
import { approvesAService, type PersonFile } from './person-file';

/** Where the files are kept (data-access). */
export interface PersonFiles {
  /** The person's file, opened under the next service number of its sequence if they have none. */
  issue(c: CaseState, pack: PolicyPack): Promise<PersonFile>;
  recordCaseEvent(event: CaseRecordEvent): Promise<void>;
  recordComplaintEvent(event: ComplaintEvent): Promise<void>;
}

/**
 * A final decision: kept in the case's record; when it approves a service, the person's file is opened under a
 * service number (once per person: a later approval, or a redelivery, finds the file open).
 */
export async function handleFinalDecision(
  decided: EventOf<typeof EligibilityDecided>,
  deps: { files: PersonFiles; cases: CaseReads; policies: PolicyPacks },
): Promise<void> {
  await deps.files.recordCaseEvent(decided);
  if (!approvesAService(decided)) return;
  const c = await deps.cases.get(decided.data.caseId);
  if (!c) throw new Error(`case ${decided.data.caseId} of a final decision is not stored`);
  const pack = deps.policies.get(c.region);
  if (!pack) throw new PolicyPackMissing(c.region);
  await deps.files.issue(c, pack);
}
