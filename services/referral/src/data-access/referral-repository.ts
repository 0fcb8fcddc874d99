import {
  dropIndexesIfPresent,
  inJurisdiction,
  jurisdictionsOf,
  MonthBuckets,
  monthOf,
  newestFirst,
  withoutOutbox,
  type StateMapping,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import { OPEN_STATES, type ReferralRecord, type ReferralStatus, type Route } from '../domain/referral';
import type { ReferralCounts } from '../domain/route-referral/candidates';

/** Top-level copies of the route for queries (FerretDB v1 pushes down no filter into a subdocument). */
interface ReceiverFields {
  contractId: string | null;
  providerId: string | null;
  departmentCode: string | null;
}
/**
 * Stored with each referral for queries FerretDB pushes down (docs/QUERIES.md): every jurisdiction its
 * township lies within, and the month it was created in (the bucket of newest-first listings; `month` is the
 * month whose capacity it counts against, which a re-routing moves).
 */
interface QueryFields {
  jurisdictions: string[];
  createdMonth: string;
}
type ReferralDoc = Omit<ReferralRecord, 'referralId'> & { _id: string } & Partial<ReceiverFields & QueryFields>;
const HIDDEN = {
  ...withoutOutbox,
  contractId: 0,
  providerId: 0,
  departmentCode: 0,
  jurisdictions: 0,
  createdMonth: 0,
} as const;
const toRecord = ({ _id, ...rest }: ReferralDoc): ReferralRecord => ({ referralId: _id, ...rest });

const queryFields = (r: Pick<ReferralRecord, 'township' | 'createdAt'>): QueryFields => ({
  jurisdictions: jurisdictionsOf(r.township ?? ''),
  createdMonth: monthOf(r.createdAt),
});

/** The states in which a receiver sees a referral (sent to it: not before, not once routed elsewhere). */
const SENT_STATES: ReferralStatus[] = [
  'requested',
  'received',
  'accepted',
  'in_progress',
  'completed',
  'failed',
  'cancelled',
];

export function receiverFields(route: Route | undefined): ReceiverFields {
  return {
    contractId: route?.kind === 'provider' ? route.contractId : null,
    providerId: route?.kind === 'provider' ? route.providerId : null,
    departmentCode: route?.kind === 'department' ? route.departmentCode : null,
  };
}

export class ReferralRepository implements ReferralCounts {
  static readonly collection = 'referrals';
  private readonly months: MonthBuckets;
  constructor(private readonly connection: Connection) {
    this.months = new MonthBuckets(connection, ReferralRepository.collection);
  }

  private get referrals() {
    return this.connection.collection<ReferralDoc>(ReferralRepository.collection);
  }

  async prepare(): Promise<void> {
    await this.referrals.createIndex({ caseId: 1 });
    await this.referrals.createIndex({ contractId: 1, month: 1 });
    await this.referrals.createIndex({ providerId: 1, status: 1 });
    await this.referrals.createIndex({ providerId: 1, createdMonth: 1 });
    await this.referrals.createIndex({ departmentCode: 1, region: 1, createdMonth: 1 });
    await this.referrals.createIndex({ jurisdictions: 1, createdMonth: 1 });
    await dropIndexesIfPresent(this.connection, ReferralRepository.collection, [
      'departmentCode_1_region_1',
      'township_1_status_1',
    ]);
    await this.months.prepare();
    await this.months.backfill('referrals: jurisdictions and createdMonth', {
      missing: 'createdMonth',
      projection: { township: 1, createdAt: 1 },
      fieldsOf: queryFields,
    });
  }

  /** A lookup by `_id` (not countDocuments, which is an aggregation with `$group` on FerretDB). */
  async exists(referralId: string): Promise<boolean> {
    return (await this.referrals.findOne({ _id: referralId }, { projection: { _id: 1 } })) !== null;
  }

  /** Notes a new referral's creation month before it is written, so that the listings' month buckets find it. */
  async noteCreated(record: Pick<ReferralRecord, 'createdAt'>): Promise<void> {
    await this.months.note(monthOf(record.createdAt));
  }

  /** Referrals counted against a contract's month (ids only: countDocuments is an aggregation on FerretDB). */
  async countForContract(contractId: string, month: string): Promise<number> {
    return (await this.referrals.find({ contractId, month }, { projection: { _id: 1 } }).toArray()).length;
  }

  /**
   * The provider's current load: its referrals not yet completed, cancelled or failed. One equality query
   * per open state, side by side (indexed on provider and state), where `status: {$in}` would read every
   * referral the provider ever had.
   */
  async countOpenForProvider(providerId: string): Promise<number> {
    const counts = await Promise.all(
      OPEN_STATES.map(
        async (status) =>
          (await this.referrals.find({ providerId, status }, { projection: { _id: 1 } }).toArray()).length,
      ),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  async get(referralId: string): Promise<ReferralRecord | null> {
    const doc = await this.referrals.findOne({ _id: referralId }, { projection: HIDDEN });
    return doc ? clean(toRecord(doc)) : null;
  }

  /**
   * Referrals within a jurisdiction, newest first: of one case (indexed on the case), or read a creation
   * month at a time.
   */
  async listWithin(jurisdiction: string, caseId: string | undefined, limit: number): Promise<ReferralRecord[]> {
    const docs = caseId
      ? await this.referrals
          .find({ caseId, ...inJurisdiction(jurisdiction) }, { projection: HIDDEN })
          .sort({ createdAt: -1 })
          .limit(limit)
          .toArray()
      : await newestFirst(await this.months.months(), limit, (createdMonth, n) =>
          this.referrals
            .find({ ...inJurisdiction(jurisdiction), createdMonth }, { projection: HIDDEN })
            .sort({ createdAt: -1 })
            .limit(n)
            .toArray(),
        );
    return docs.map((d) => clean(toRecord(d)));
  }

  /**
   * A receiver's referrals: a department's (in its region, and within `within` when its jurisdiction is
   * narrower than the region) or a provider's; only ones already sent to it (a
   * referral never shared — no consent nor override — stays hidden even once cancelled). Newest first, read
   * a creation month at a time (the receiver and the month are equalities; the rest is checked on that month's).
   */
  async listForReceiver(
    receiver: { departmentCode: string; region: string; within?: string } | { providerId: string },
    limit: number,
  ): Promise<ReferralRecord[]> {
    const { within, ...who } = receiver as { within?: string };
    const docs = await newestFirst(await this.months.months(), limit, (createdMonth, n) =>
      this.referrals
        .find(
          {
            ...who,
            createdMonth,
            ...(within ? inJurisdiction(within) : {}),
            sharingBasis: { $exists: true },
            status: { $in: SENT_STATES },
          },
          { projection: HIDDEN },
        )
        .sort({ createdAt: -1 })
        .limit(n)
        .toArray(),
    );
    return docs.map((d) => clean(toRecord(d)));
  }
}

/** A cleared route is stored as null; the record has none. */
function clean(r: ReferralRecord): ReferralRecord {
  if (r.route === null) delete r.route;
  return r;
}

/**
 * How a referral is stored (the commit port's mapping): the record under its id, with top-level copies of
 * its receiver and the query fields; a referral without a route stores `route: null`, so that an update
 * clears the route of an escalated one.
 */
export const referralState: StateMapping<ReferralRecord> = {
  collection: ReferralRepository.collection,
  toDocument: (record) => {
    const { referralId: _id, ...rest } = record;
    const fields: Record<string, unknown> = {
      ...rest,
      route: record.route ?? null,
      ...receiverFields(record.route),
      ...queryFields(record),
    };
    // Nothing undefined reaches the store (the driver would write it as null).
    for (const k of Object.keys(fields)) if (fields[k] === undefined) delete fields[k];
    return fields;
  },
  fromDocument: (doc) => {
    const {
      contractId: _c,
      providerId: _p,
      departmentCode: _d,
      jurisdictions: _j,
      createdMonth: _m,
      ...rest
    } = doc as unknown as ReferralDoc;
    return clean(toRecord(rest));
  },
};
