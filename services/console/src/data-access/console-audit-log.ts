import { inJurisdiction, jurisdictionsOf, MonthBuckets, monthOf, newestFirst, WHOLE_ANSWER } from '@carelink/store';
import type { Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import type { AuditKind, ConsoleAuditEntry, ConsoleAuditRecord } from '../domain/audit/console-audit';

interface AuditDoc extends ConsoleAuditEntry {
  _id: string;
  at: Date;
  /** Every jurisdiction containing the actor's or the subject account's: the county reads its trail by equality. */
  jurisdictions: string[];
  month: string;
}

export interface AuditQuery {
  kind?: AuditKind;
  from?: Date;
  to?: Date;
  limit?: number;
}

/**
 * The console's audit trail: sign-ins (succeeded, failed with why, locked out), sign-outs, password and TOTP
 * changes, account changes. Append-only, one insert per entry; read newest first one month at a time with
 * equalities FerretDB pushes down (docs/QUERIES.md).
 */
export class ConsoleAuditLog {
  static readonly collection = 'console_audit';
  private readonly buckets: MonthBuckets;

  constructor(private readonly connection: Connection) {
    this.buckets = new MonthBuckets(connection, ConsoleAuditLog.collection);
  }

  private get entries() {
    return this.connection.collection<AuditDoc>(ConsoleAuditLog.collection);
  }

  async prepare(): Promise<void> {
    await this.buckets.prepare();
    await this.entries.createIndex({ jurisdictions: 1, month: 1 });
    await this.entries.createIndex({ actor: 1, month: 1 });
  }

  async record(entry: ConsoleAuditEntry, at = new Date()): Promise<void> {
    const month = monthOf(at);
    const jurisdictions = [entry.jurisdiction, entry.subject?.jurisdiction].flatMap((code) =>
      code ? jurisdictionsOf(code) : [],
    );
    await this.buckets.note(month);
    await this.entries.insertOne({
      ...entry,
      _id: randomUUID(),
      at,
      month,
      jurisdictions: [...new Set(jurisdictions)],
    });
  }

  /** The entries of a region's jurisdiction, newest first. */
  async within(region: string, jurisdiction: string, query: AuditQuery = {}): Promise<ConsoleAuditRecord[]> {
    const { kind, from, to, limit = 200 } = query;
    const months = (await this.buckets.months(from && monthOf(from))).filter((m) => !to || m <= monthOf(to));
    const filter = {
      ...inJurisdiction(jurisdiction),
      region,
      ...(kind ? { kind } : {}),
      ...(from || to ? { at: { ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) } } : {}),
    };
    const docs = await newestFirst(months, limit, (month, n) =>
      this.entries
        .find({ ...filter, month }, { projection: { jurisdictions: 0, month: 0 }, ...WHOLE_ANSWER })
        .sort({ at: -1 })
        .limit(n)
        .toArray(),
    );
    return docs.map(({ _id: _ignored, at, ...rest }) => ({ ...rest, at: at.toISOString() }));
  }

  /** Every entry about one username as actor, newest first (tests, investigations). */
  async ofActor(actor: string, limit = 100): Promise<ConsoleAuditRecord[]> {
    const docs = await this.entries
      .find({ actor }, { projection: { jurisdictions: 0, month: 0 }, ...WHOLE_ANSWER })
      .sort({ at: -1 })
      .limit(limit)
      .toArray();
    return docs.map(({ _id: _ignored, at, ...rest }) => ({ ...rest, at: at.toISOString() }));
  }
}
