import type { StaffPrincipal } from '@carelink/auth';
import type { Commits as RecordCommits, UseCaseContext } from '@carelink/contracts';
import type { PolicyPacks } from '@carelink/policy';

/** What every assessment use case is given besides its state and command: clock, ids and the region packs. */
export type AssessmentContext = UseCaseContext & { policies: PolicyPacks };

/**
 * How a use case changes one record: the record is loaded, `decide` says what becomes of it, and the new
 * state is written with the events it causes in one update (a decision of nothing writes nothing).
 * Implemented in data-access on the service's commit port.
 */
export type Commits<S> = RecordCommits<S, { policies: PolicyPacks }>;

/** A staff member's command: what they asked, and who asked it. */
export type ByStaff<C> = C & { by: StaffPrincipal };

/** Delayed work of the use cases (the service's job board): run `name` at `runAt`, once per job id. */
export interface Timers {
  schedule(name: string, jobId: string, data: Record<string, unknown>, runAt?: Date): Promise<void>;
  /** Cancels a job that has not run yet. */
  cancel(jobId: string): Promise<void>;
}
