import { WHOLE_ANSWER, type FieldCipher } from '@carelink/store';
import type { Connection } from 'mongoose';
import type {
  PendingApplication,
  PendingApplicationStatus,
  RecordingPart,
} from '../domain/pending-identity/pending-application';

/** As stored: the caller's number sealed (PERSON_DATA_KEY), the application id as `_id`. */
type PendingDoc = Omit<PendingApplication, 'applicationId' | 'callerPhone'> & {
  _id: string;
  callerPhoneSealed: string;
};

/** At most this many applications are listed at once (a township's call-back list). */
export const PENDING_LIST_LIMIT = 200;

/** First-time callers' phone applications awaiting identity, in their own collection (they are not requests). */
export class PendingApplications {
  static readonly collection = 'pending_applications';
  constructor(
    private readonly connection: Connection,
    private readonly cipher: FieldCipher,
  ) {}

  private get docs() {
    return this.connection.collection<PendingDoc>(PendingApplications.collection);
  }

  async prepare(): Promise<void> {
    await this.docs.createIndex({ region: 1, callId: 1 }, { unique: true });
    await this.docs.createIndex({ region: 1, status: 1, township: 1, receivedAt: -1 });
  }

  private toApplication({ _id, callerPhoneSealed, ...rest }: PendingDoc): PendingApplication {
    return { applicationId: _id, callerPhone: this.cipher.decrypt(callerPhoneSealed), ...rest };
  }

  async byCall(region: string, callId: string): Promise<PendingApplication | null> {
    const doc = await this.docs.findOne({ region, callId });
    return doc ? this.toApplication(doc) : null;
  }

  async get(applicationId: string): Promise<PendingApplication | null> {
    const doc = await this.docs.findOne({ _id: applicationId });
    return doc ? this.toApplication(doc) : null;
  }

  /** Stores a new application; one per call: a second for the same call gets the first back. */
  async add(application: PendingApplication): Promise<PendingApplication> {
    const { applicationId, callerPhone, ...rest } = application;
    try {
      await this.docs.insertOne({ _id: applicationId, callerPhoneSealed: this.cipher.encrypt(callerPhone), ...rest });
      return application;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      const first = await this.byCall(application.region, application.callId);
      if (!first) throw err;
      return first;
    }
  }

  async noteRecording(applicationId: string, part: RecordingPart, attachmentId: string): Promise<void> {
    await this.docs.updateOne({ _id: applicationId }, { $set: { [`recordings.${part}`]: attachmentId } });
  }

  /**
   * The region's applications in a state whose township is within `jurisdiction` (a code prefix), newest first.
   */
  async list(region: string, jurisdiction: string, status: PendingApplicationStatus): Promise<PendingApplication[]> {
    const docs = await this.docs
      .find({ region, status, township: { $regex: `^${jurisdiction.replace(/\D/g, '')}` } }, WHOLE_ANSWER)
      .sort({ receivedAt: -1 })
      .limit(PENDING_LIST_LIMIT)
      .toArray();
    return docs.map((d) => this.toApplication(d));
  }

  /**
   * Claims an application for completion (one township user at a time): false when it is no longer awaiting
   * identity. `release` gives it back when the registration failed.
   */
  async claim(applicationId: string): Promise<boolean> {
    const r = await this.docs.updateOne(
      { _id: applicationId, status: 'awaiting_identity' },
      { $set: { status: 'completing' as PendingApplicationStatus } },
    );
    return r.modifiedCount === 1;
  }

  async release(applicationId: string): Promise<void> {
    await this.docs.updateOne(
      { _id: applicationId, status: 'completing' as PendingApplicationStatus },
      { $set: { status: 'awaiting_identity' } },
    );
  }

  async complete(applicationId: string, completion: NonNullable<PendingApplication['completion']>): Promise<void> {
    await this.docs.updateOne({ _id: applicationId }, { $set: { status: 'completed', completion } });
  }
}
