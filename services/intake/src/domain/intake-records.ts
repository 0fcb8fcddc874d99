import type { Commits, UseCaseContext } from '@carelink/contracts';
import type { PolicyPacks } from '@carelink/policy';

/** What intake's decide functions are given besides the record and the command: the clock, ids, the packs. */
export type IntakeContext = UseCaseContext & { policies: PolicyPacks };

/**
 * One kind of intake's records (requests, persons' files) as a use case changes it. `commit` hands `decide`
 * the record as stored (undefined: there is none yet) and writes the state and the events it decides on
 * together, in one step; a decision with neither writes nothing. data-access binds this to the commit port.
 */
export type Records<S> = Commits<S, { policies: PolicyPacks }>;
