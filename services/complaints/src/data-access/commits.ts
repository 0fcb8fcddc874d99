import type { UseCaseExtras } from '@carelink/service-host';
import type { CommitPort, StateMapping } from '@carelink/store';
import type { Commits } from '../domain/complaint';

/** The commit port bound to one kind of record: what the domain's handlers are given. */
export function commitsOf<S>(port: CommitPort<UseCaseExtras>, mapping: StateMapping<S>): Commits<S> {
  return port.bind(mapping);
}
