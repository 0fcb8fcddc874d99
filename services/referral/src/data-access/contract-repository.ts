import type { Connection } from 'mongoose';
import type { ProviderContract } from '../domain/referral';

type ContractDoc = Omit<ProviderContract, 'contractId'> & { _id: string; createdBy: string; createdAt: Date };

export class ContractRepository {
  constructor(private readonly connection: Connection) {}

  private get contracts() {
    return this.connection.collection<ContractDoc>('contracts');
  }

  async prepare(): Promise<void> {
    await this.contracts.createIndex({ region: 1 });
  }

  async insert(contract: ProviderContract, createdBy: string): Promise<void> {
    const { contractId, ...rest } = contract;
    await this.contracts.insertOne({ _id: contractId, ...rest, createdBy, createdAt: new Date() });
  }

  /** A region has tens of contracts: they are read whole and filtered by the domain. */
  async inRegion(region: string): Promise<ProviderContract[]> {
    const docs = await this.contracts.find({ region }).toArray();
    return docs.map(({ _id, createdBy: _b, createdAt: _a, ...rest }) => ({ contractId: _id, ...rest }));
  }
}
