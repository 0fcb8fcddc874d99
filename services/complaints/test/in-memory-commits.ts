import { useCaseContext, type Decision, type EventDraft } from '@carelink/contracts';
import type { PolicyPacks } from '@carelink/policy';
import type { Commits, ComplaintsContext } from '../src/domain/complaint';

/**
 * The commit port over a map, for handlers' unit tests: decides on the stored record with a context at
 * `now`, keeps the new state and collects the drafted events; a decision without either writes nothing.
 * (The port itself, with its stamping and version checks, is tested on the real server in libs/store.)
 */
export class InMemoryCommits<S> implements Commits<S> {
  readonly records = new Map<string, S>();
  readonly events: EventDraft[] = [];
  now: Date;
  constructor(
    private readonly policies: Pick<PolicyPacks, 'get'>,
    now: Date,
  ) {
    this.now = now;
  }

  async commit<R>(
    id: string,
    decide: (current: S | undefined, ctx: ComplaintsContext) => Decision<S, R> | Promise<Decision<S, R>>,
  ): Promise<R> {
    const decision = await decide(this.records.get(id), { ...useCaseContext(this.now), policies: this.policies });
    if (decision.state !== undefined) this.records.set(id, decision.state);
    this.events.push(...(decision.events ?? []));
    return decision.result as R;
  }
}
