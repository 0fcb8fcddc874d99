import type { PolicyPacks } from '@carelink/policy';
import {
  isDuplicateKeyError,
  WHOLE_ANSWER,
  withinJurisdiction,
  type CommitPort,
  type StateMapping,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import type { FollowUp, FollowUpList, FollowUps } from '../domain/dynamic-management/dynamic-management';
import type { Commits } from '../domain/use-case';

/** The monthly lists sent to the townships, one document per month and township (`month:township`). */
export const followUpLists: StateMapping<FollowUpList> = {
  collection: 'followup_lists',
  toDocument: ({ month, township, personIds, madeAt }) => ({ month, township, personIds, madeAt }),
  fromDocument: (doc) => ({
    month: doc.month as string,
    township: doc.township as string,
    personIds: doc.personIds as string[],
    madeAt: doc.madeAt as Date,
  }),
};

/** The commits of the monthly lists, through the service's commit port. */
export const followUpListCommits = (commits: CommitPort<{ policies: PolicyPacks }>): Commits<FollowUpList> =>
  commits.bind(followUpLists);

/** People newly added to assistance. */
export class FollowUpRepository implements FollowUps {
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
      .find({ month, ...withinJurisdiction('township', jurisdiction) }, WHOLE_ANSWER)
      .sort({ since: 1 })
      .toArray();
    return docs.map(({ _id, ...rest }) => rest);
  }
}
