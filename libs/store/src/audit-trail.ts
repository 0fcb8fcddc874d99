import type { Connection } from 'mongoose';
import { MonthBuckets } from './month-buckets';
import { inJurisdiction, jurisdictionsOf, monthOf, newestFirst } from './queries';
import { WHOLE_ANSWER } from './whole-answer';

export type AuditAction = 'read' | 'create' | 'update' | 'export' | 'denied';

/** One line of the audit trail as its writer gives it: who, in which role, did what to which records, or was refused. */
export interface AuditEntry {
  actor: string;
  role: string;
  /** The caller's jurisdiction code: the entry is in the trail of every jurisdiction that contains it. */
  actorJurisdiction?: string;
  action: AuditAction;
  /** The kind of record: a resource of the field table (`fieldAccess` in `@carelink/auth`), `chat`, `audit_trail`. */
  subjectType?: string;
  /** The one record read, made or changed. */
  subjectId?: string;
  /** The records an answer held (a list: every id it returned; a refusal: the ids its path named). */
  subjectIds?: string[];
  /** The township (or village) codes of those records: the entry is also in their jurisdictions' trails. */
  places?: string[];
  /** Method and route, e.g. `GET /cases/:caseId`. */
  resource?: string;
  /** The query string a list or export was asked with. */
  query?: Record<string, unknown>;
  purpose?: string;
  /** Why the request was refused (action `denied`). */
  refusal?: { status: number; code: string; detail: string };
  /** False when actor and role are only what a refused, unverifiable token claimed. */
  verified?: boolean;
  traceId?: string;
}

/** A line of the trail as stored and read back. */
export interface AuditRecord extends Omit<AuditEntry, 'subjectIds'> {
  subjectIds: string[];
  at: Date;
}

/** What a county auditor asks of the trail of its jurisdiction; every filter optional. */
export interface AuditQuery {
  subjectType?: string;
  /** Entries naming this record (read alone, in a list, or refused). */
  subjectId?: string;
  actor?: string;
  action?: AuditAction;
  /** From this instant (inclusive) … */
  from?: Date;
  /** … to this instant (exclusive). */
  to?: Date;
  limit?: number;
}

/** Stored with each entry for queries FerretDB pushes down (docs/QUERIES.md). */
interface QueryFields {
  jurisdictions: string[];
  month: string;
}

const HIDDEN = { _id: 0, jurisdictions: 0, month: 0 } as const;

/**
 * Append-only record of who read or changed a person's data, and of every refused request. One insert per
 * entry; each entry is filed under every jurisdiction containing the caller's and its records' places, and
 * under its month, so a county reads its trail with equalities FerretDB pushes down.
 */
export class AuditTrail {
  static readonly collection = 'audit_trail';
  private readonly buckets: MonthBuckets;

  constructor(
    private readonly connection: Connection,
    private readonly collectionName = AuditTrail.collection,
  ) {
    this.buckets = new MonthBuckets(connection, collectionName);
  }

  private get entries() {
    return this.connection.collection<AuditRecord & QueryFields>(this.collectionName);
  }

  async prepare(): Promise<void> {
    await this.buckets.prepare();
    await this.entries.createIndex({ jurisdictions: 1, month: 1 });
    await this.entries.createIndex({ subjectIds: 1, month: 1 });
  }

  async record(entry: AuditEntry): Promise<void> {
    const at = new Date();
    const month = monthOf(at);
    const { subjectIds = [], places = [], ...rest } = entry;
    const jurisdictions = [entry.actorJurisdiction, ...places].flatMap((code) => (code ? jurisdictionsOf(code) : []));
    await this.buckets.note(month);
    await this.entries.insertOne({
      ...rest,
      ...(places.length > 0 ? { places: [...new Set(places)] } : {}),
      subjectIds: [...new Set(entry.subjectId ? [entry.subjectId, ...subjectIds] : subjectIds)],
      at,
      month,
      jurisdictions: [...new Set(jurisdictions)],
    });
  }

  /**
   * The entries filed under `jurisdiction`, newest first: one month bucket at a time, each an equality on
   * `jurisdictions` and `month` (plus the filters given); the time range is checked on that month's entries.
   */
  async within(jurisdiction: string, query: AuditQuery = {}): Promise<AuditRecord[]> {
    const { subjectType, subjectId, actor, action, from, to, limit = 100 } = query;
    const months = (await this.buckets.months(from && monthOf(from))).filter((m) => !to || m <= monthOf(to));
    const filter = {
      ...inJurisdiction(jurisdiction),
      ...(subjectType ? { subjectType } : {}),
      ...(subjectId ? { subjectIds: subjectId } : {}),
      ...(actor ? { actor } : {}),
      ...(action ? { action } : {}),
      ...(from || to ? { at: { ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) } } : {}),
    };
    return newestFirst(months, limit, (month, n) =>
      this.entries
        .find({ ...filter, month }, { projection: HIDDEN, ...WHOLE_ANSWER })
        .sort({ at: -1 })
        .limit(n)
        .toArray(),
    ) as Promise<AuditRecord[]>;
  }

  /** Every entry naming a record, oldest first (all jurisdictions; for tests and investigations). */
  async forSubject(subjectId: string): Promise<AuditRecord[]> {
    return (await this.entries
      .find({ subjectIds: subjectId }, { projection: HIDDEN, ...WHOLE_ANSWER })
      .sort({ at: 1 })
      .toArray()) as AuditRecord[];
  }
}
