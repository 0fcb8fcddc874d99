import type { UseCaseContext } from '@carelink/contracts';
import { backfillOnce, outboxEntries, WHOLE_ANSWER, type CommitPort, type StateMapping } from '@carelink/store';
import type { Connection } from 'mongoose';
import { contractRegisteredDraft, type RegisteredContract } from '../domain/register-contract/register-contract';
import type { ProviderContract } from '../domain/referral';

type ContractDoc = Omit<ProviderContract, 'contractId'> & { _id: string; createdBy: string; createdAt: Date };

const COLLECTION = 'contracts';

/** A contract as the commit port stores it: registered (with contract.registered.v1 in its outbox). */
export const contractState: StateMapping<RegisteredContract> = {
  collection: COLLECTION,
  toDocument: ({ contractId: _id, registeredAt, ...rest }) => ({ ...rest, createdAt: new Date(registeredAt) }),
  fromDocument: ({ _id, createdAt, ...rest }) =>
    ({ ...rest, contractId: _id, registeredAt: new Date(createdAt as Date).toISOString() }) as RegisteredContract,
};

/** Provider contracts: registered through the commit port (`contractState`), read whole per region. */
export class ContractRepository {
  constructor(private readonly connection: Connection) {}

  private get contracts() {
    return this.connection.collection<ContractDoc>(COLLECTION);
  }

  /**
   * Indexes; and, once per database, contract.registered.v1 for the contracts registered before that event existed
   * (written plainly, without a version): put in their outbox, the relay publishes them as it does new ones.
   */
  async prepare(commits?: Pick<CommitPort, 'stamped' | 'context'>): Promise<void> {
    await this.contracts.createIndex({ region: 1 });
    if (!commits) return;
    await backfillOnce<ContractDoc>(this.connection, 'contracts-announced-v1', {
      collection: COLLECTION,
      missing: '_version',
      projection: {
        _id: 1,
        providerId: 1,
        providerName: 1,
        region: 1,
        itemCodes: 1,
        townships: 1,
        monthlyCapacity: 1,
        validFrom: 1,
        validTo: 1,
        createdAt: 1,
      },
      fieldsOf: ({ _id, createdAt, ...c }) => {
        const registeredAt = new Date(createdAt).toISOString();
        const ctx: UseCaseContext = commits.context();
        const entries = outboxEntries(
          commits.stamped([contractRegisteredDraft({ ...c, contractId: _id, registeredAt })], ctx),
        );
        return { _version: 1, _outbox: entries, _outboxPending: true };
      },
    });
  }

  /** A region has tens of contracts: they are read whole and filtered by the domain. */
  async inRegion(region: string): Promise<ProviderContract[]> {
    const docs = await this.contracts
      .find({ region }, { projection: { _outbox: 0, _outboxPending: 0, _version: 0 }, ...WHOLE_ANSWER })
      .toArray();
    return docs.map(({ _id, createdBy: _b, createdAt: _a, ...rest }) => ({ contractId: _id, ...rest }));
  }
}
