import type { Decision } from '@carelink/contracts';
import type { PolicyPack, PolicyPacks } from '@carelink/policy';
import {
  countUpTo,
  inJurisdiction,
  isDuplicateKeyError,
  jurisdictionsOf,
  outboxEntries,
  WHOLE_ANSWER,
  withDocumentLock,
  withoutOutbox,
  type CommitPort,
  type Page,
  type StateMapping,
  TOTAL_CAP,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import type { CaseState } from '../domain/case';
import {
  recordCaseEvent,
  recordComplaintEvent,
  type CaseRecord,
  type CaseRecordEvent,
  type ComplaintEvent,
  type ComplaintRecord,
} from '../domain/person-file/case-record';
import { openPersonFile, serviceNumberPlace, type PersonFile } from '../domain/person-file/person-file';
import type { AssessmentContext } from '../domain/use-case';

const FILES = 'person_files';
const SEQUENCES = 'service_number_sequences';
const RECORDS = 'person_file_cases';
const COMPLAINTS = 'person_file_complaints';

type FileDoc = Omit<PersonFile, 'personId'> & { _id: string; jurisdictions: string[] };

/** A file as stored: the person's id as `_id`, and the jurisdictions its township lies within (for listings). */
export const personFileDocuments: StateMapping<PersonFile> = {
  collection: FILES,
  toDocument: ({ personId: _id, ...rest }) => ({ ...rest, jurisdictions: jurisdictionsOf(rest.township) }),
  fromDocument: (doc) => {
    const { _id, jurisdictions: _j, ...rest } = doc as FileDoc;
    return { personId: _id, ...rest } as PersonFile;
  },
};

export interface FileQuery {
  jurisdiction: string;
  region: string;
  /** A township (or village: its township) within the jurisdiction. */
  township?: string;
  /** The person's name, or its first characters. */
  name?: string;
}

/**
 * The one-person files: their covers and evaluations (`person_files`, by person), the sequences service numbers are
 * drawn from, and the per-case records and complaints projected from every service's events.
 */
export class PersonFileRepository {
  constructor(
    private readonly connection: Connection,
    private readonly commits: CommitPort<{ policies: PolicyPacks }>,
  ) {}

  private get files() {
    return this.connection.collection<FileDoc>(FILES);
  }
  private get sequences() {
    return this.connection.collection<{ _id: string; seq: number }>(SEQUENCES);
  }
  private get records() {
    return this.connection.collection<Omit<CaseRecord, 'caseId'> & { _id: string }>(RECORDS);
  }
  private get complaints() {
    return this.connection.collection<Omit<ComplaintRecord, 'complaintId'> & { _id: string }>(COMPLAINTS);
  }

  async prepare(): Promise<void> {
    // A number is issued once: two people can never hold the same one (what keeps the sequence gap-free too).
    await this.files.createIndex({ serviceNumber: 1 }, { unique: true });
    await this.files.createIndex({ jurisdictions: 1, region: 1 });
    await this.complaints.createIndex({ caseId: 1 });
  }

  /**
   * The person's file, opened under the next number of its sequence if they have none. Gap-free: the file is
   * written first with the number after the sequence's last, and the sequence moves on only after it; a number
   * already held (a sequence left behind by a stop between the two writes) moves the sequence on and the next is
   * tried. Unique: the numbers are a unique index. Under the person's and the sequence's locks in this process.
   */
  async issue(c: CaseState, pack: PolicyPack): Promise<PersonFile> {
    const personId = c.person.personId;
    return withDocumentLock(this.connection, FILES, personId, async () => {
      const held = await this.byPerson(personId);
      if (held) return held;
      const ctx = this.commits.context();
      const { sequence } = serviceNumberPlace(pack, c, ctx.now);
      return withDocumentLock(this.connection, SEQUENCES, sequence, async () => {
        let last = (await this.sequences.findOne({ _id: sequence }))?.seq ?? 0;
        for (;;) {
          const { file, events } = openPersonFile(c, pack, last + 1, ctx);
          const entries = outboxEntries(this.commits.stamped(events, ctx));
          try {
            await this.files.insertOne({
              ...(personFileDocuments.toDocument(file) as Omit<FileDoc, '_id'>),
              _id: personId,
              _version: 1,
              _outbox: entries,
              _outboxPending: true,
            } as never);
          } catch (err) {
            if (!isDuplicateKeyError(err)) throw err;
            const meanwhile = await this.byPerson(personId);
            if (meanwhile) return meanwhile;
            last += 1; // the number is held: the sequence was left behind
            await this.sequences.updateOne({ _id: sequence }, { $max: { seq: last } }, { upsert: true });
            continue;
          }
          await this.sequences.updateOne({ _id: sequence }, { $max: { seq: file.seq } }, { upsert: true });
          return file;
        }
      });
    });
  }

  /** Records an evaluation (or another change of a file) with its events, in one write. */
  commit<R>(
    personId: string,
    decide: (current: PersonFile | undefined, ctx: AssessmentContext) => Decision<PersonFile, R>,
  ): Promise<R> {
    return this.commits.commit(personFileDocuments, personId, decide);
  }

  async byPerson(personId: string): Promise<PersonFile | null> {
    const doc = await this.files.findOne({ _id: personId }, { projection: withoutOutbox });
    return doc ? personFileDocuments.fromDocument(doc) : null;
  }

  async byServiceNumber(serviceNumber: string): Promise<PersonFile | null> {
    const doc = await this.files.findOne({ serviceNumber }, { projection: withoutOutbox });
    return doc ? personFileDocuments.fromDocument(doc) : null;
  }

  /** Files within the caller's jurisdiction and region, in service-number order (档案按服务号顺序排列). */
  async page(query: FileQuery, page: number, pageSize: number): Promise<Page<PersonFile>> {
    const filter: Record<string, unknown> = {
      ...inJurisdiction(query.township ?? query.jurisdiction),
      region: query.region,
      ...(query.name ? { name: { $regex: `^${query.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` } } : {}),
    };
    const [docs, total] = await Promise.all([
      this.files
        .find(filter, { projection: withoutOutbox, ...WHOLE_ANSWER })
        .sort({ serviceNumber: 1 })
        .skip((page - 1) * pageSize)
        .limit(pageSize)
        .toArray(),
      countUpTo(this.connection.db!, FILES, filter, TOTAL_CAP + 1),
    ]);
    return {
      items: docs.map((d) => personFileDocuments.fromDocument(d)),
      page,
      pageSize,
      total: Math.min(total, TOTAL_CAP),
      totalCapped: total > TOTAL_CAP,
    };
  }

  /** Applies an event to its case's record, once (by event id), in the case's order. */
  async recordCaseEvent(event: CaseRecordEvent): Promise<void> {
    const caseId = event.data.caseId;
    await withDocumentLock(this.connection, RECORDS, caseId, async () => {
      const stored = await this.records.findOne({ _id: caseId });
      const current = stored ? (({ _id, ...rest }) => ({ caseId: _id, ...rest }))(stored) : undefined;
      const next = recordCaseEvent(current, event);
      if (!next) return;
      const { caseId: _id, ...rest } = next;
      await this.records.replaceOne({ _id }, rest, { upsert: true });
    });
  }

  /** Applies a complaint event to the complaint's record, once; complaints about no case are not kept. */
  async recordComplaintEvent(event: ComplaintEvent): Promise<void> {
    const complaintId = event.data.complaintId;
    await withDocumentLock(this.connection, COMPLAINTS, complaintId, async () => {
      const stored = await this.complaints.findOne({ _id: complaintId });
      const current = stored ? (({ _id, ...rest }) => ({ complaintId: _id, ...rest }))(stored) : undefined;
      const next = recordComplaintEvent(current, event);
      if (!next) return;
      const { complaintId: _id, ...rest } = next;
      await this.complaints.replaceOne({ _id }, rest, { upsert: true });
    });
  }

  /** The records of these cases (one lookup each: `_id` equality is an index lookup on FerretDB). */
  async recordsOf(caseIds: string[]): Promise<CaseRecord[]> {
    const found = await Promise.all(caseIds.map((id) => this.records.findOne({ _id: id })));
    return found.filter((d) => d !== null).map(({ _id, ...rest }) => ({ caseId: _id, ...rest }));
  }

  async complaintsOf(caseIds: string[]): Promise<ComplaintRecord[]> {
    const found = await Promise.all(caseIds.map((caseId) => this.complaints.find({ caseId }, WHOLE_ANSWER).toArray()));
    return found.flat().map(({ _id, ...rest }) => ({ complaintId: _id, ...rest }));
  }
}
