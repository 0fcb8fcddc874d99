import { isDuplicateKeyError, newWithOutbox, withinJurisdiction, type PendingEvent } from '@carelink/store';
import type { Connection } from 'mongoose';

export interface FollowUp {
  personId: string;
  region: string;
  township: string;
  village?: string;
  groups: string[];
  since: string;
  month: string;
}

/** People newly added to assistance, and the monthly lists sent to their townships. */
export class FollowUpRepository {
  static readonly listsCollection = 'followup_lists';
  constructor(private readonly connection: Connection) {}

  private get followUps() {
    return this.connection.collection<FollowUp & { _id: string }>('followups');
  }

  async prepare(): Promise<void> {
    await this.followUps.createIndex({ month: 1, township: 1 });
  }

  async add(entry: FollowUp): Promise<void> {
    try {
      await this.followUps.insertOne({ _id: `${entry.personId}:${entry.since}`, ...entry });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }

  async ofMonth(month: string, jurisdiction = ''): Promise<FollowUp[]> {
    const docs = await this.followUps
      .find({ month, ...withinJurisdiction('township', jurisdiction) })
      .sort({ since: 1 })
      .toArray();
    return docs.map(({ _id, ...rest }) => rest);
  }

  /** Records a township's list for a month once, with its event. False when it was already made. */
  async recordList(month: string, township: string, personIds: string[], events: PendingEvent[]): Promise<boolean> {
    try {
      await this.connection.collection(FollowUpRepository.listsCollection).insertOne({
        _id: `${month}:${township}` as never,
        month,
        township,
        personIds,
        madeAt: new Date(),
        ...newWithOutbox(events),
      });
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }
}
