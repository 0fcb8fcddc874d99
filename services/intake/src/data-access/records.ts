import type { PolicyPacks } from '@carelink/policy';
import type { CommitPort, StateMapping } from '@carelink/store';
import type { Records } from '../domain/intake-records';

/** Intake's commit port: every use case's context carries the policy packs. */
export type IntakeCommits = CommitPort<{ policies: PolicyPacks }>;

/** A kind of record as use cases change it: committed through the port, stored as the mapping says. */
export function recordsOf<S>(commits: IntakeCommits, mapping: StateMapping<S>): Records<S> {
  return commits.bind(mapping);
}
