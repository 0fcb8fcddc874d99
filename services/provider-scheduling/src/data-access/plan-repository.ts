import {
  inJurisdiction,
  jurisdictionsOf,
  WHOLE_ANSWER,
  withoutOutbox,
  type FieldCipher,
  type StateMapping,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import type { PlanState, PlanStatus } from '../domain/service-plan/plan';
import type { Viewer } from '../domain/visibility';

const COLLECTION = 'plans';

/** Stored beside a plan for its queries: the jurisdictions of its township, and whether visits are generated from it. */
interface QueryFields {
  jurisdictions: string[];
  generating: boolean;
}

const HIDDEN = { ...withoutOutbox, jurisdictions: 0, generating: 0 } as const;

/** The recipient's home as stored: sealed (AES-256-GCM), never in clear. */
type SealedHome = { sealed: string };

function toState(doc: Record<string, unknown>, cipher: FieldCipher): PlanState {
  const { _id, _version: _v, jurisdictions: _j, generating: _g, home, ...rest } = doc;
  const sealed = home as SealedHome | undefined;
  return {
    planId: _id,
    ...rest,
    ...(sealed?.sealed ? { home: JSON.parse(cipher.decrypt(sealed.sealed)) as PlanState['home'] } : {}),
  } as PlanState;
}

const queryFields = (plan: PlanState): QueryFields => ({
  jurisdictions: jurisdictionsOf(plan.township),
  generating: plan.approvedVersion !== undefined && plan.status !== 'stopped',
});

/** How a plan is stored: under its referral id, every version in it, the recipient's home sealed. */
export function planStates(cipher: FieldCipher): StateMapping<PlanState> {
  return {
    collection: COLLECTION,
    toDocument: ({ planId: _id, home, ...state }) => ({
      ...state,
      ...(home ? { home: { sealed: cipher.encrypt(JSON.stringify(home)) } satisfies SealedHome } : {}),
      ...queryFields({ planId: _id, ...state }),
    }),
    fromDocument: (doc) => toState(doc, cipher),
  };
}

const visibleTo = (viewer: Viewer) =>
  viewer.kind === 'provider' ? { providerId: viewer.providerId } : inJurisdiction(viewer.jurisdiction);

/** Plan queries; plans change through the commit port (`planStates`). */
export class PlanRepository {
  static readonly collection = COLLECTION;
  constructor(
    private readonly connection: Connection,
    private readonly cipher: FieldCipher,
  ) {}

  private get plans() {
    return this.connection.collection<{ _id: string } & Record<string, unknown>>(COLLECTION);
  }

  async prepare(): Promise<void> {
    await this.plans.createIndex({ jurisdictions: 1, status: 1 });
    await this.plans.createIndex({ providerId: 1, status: 1 });
    await this.plans.createIndex({ generating: 1 });
  }

  async planOf(planId: string): Promise<PlanState | undefined> {
    const doc = await this.plans.findOne({ _id: planId }, { projection: HIDDEN });
    return doc ? toState(doc, this.cipher) : undefined;
  }

  /** The viewer's plans (optionally in one status), newest proposal first. */
  async listFor(viewer: Viewer, status: PlanStatus | undefined, limit: number): Promise<PlanState[]> {
    const docs = await this.plans
      .find({ ...visibleTo(viewer), ...(status ? { status } : {}) }, { projection: HIDDEN, ...WHOLE_ANSWER })
      .limit(2000)
      .toArray();
    const latest = (p: PlanState) => p.versions[p.versions.length - 1]!.proposedAt;
    return docs
      .map((doc) => toState(doc, this.cipher))
      .sort((a, b) => latest(b).localeCompare(latest(a)))
      .slice(0, limit);
  }

  /** The ids of the plans visits are generated from (approved, not stopped). */
  async generatingIds(): Promise<string[]> {
    const docs = await this.plans.find({ generating: true }, { projection: { _id: 1 }, ...WHOLE_ANSWER }).toArray();
    return docs.map((d) => d._id);
  }
}
