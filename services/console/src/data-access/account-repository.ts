import { DomainError } from '@carelink/contracts';
import { inJurisdiction, isDuplicateKeyError, jurisdictionsOf, WHOLE_ANSWER, withDocumentLock } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { Account } from '../domain/accounts/account';

/** An account as stored: keyed by username, filed under every jurisdiction containing its own (for the county's list). */
type AccountDoc = Omit<Account, 'username'> & { _id: string; jurisdictions: string[] };

const toDoc = (account: Account): AccountDoc => {
  const { username, ...rest } = account;
  return { _id: username, ...rest, jurisdictions: jurisdictionsOf(account.jurisdiction) };
};

const toAccount = (doc: AccountDoc): Account => {
  const { _id, jurisdictions: _jurisdictions, ...rest } = doc;
  return { username: _id, ...rest };
};

/**
 * The console's staff accounts (MongoDB, the console's own database). Returns plain objects. Every change of
 * an existing account is a read, a decision and a replace under the account's document lock (FerretDB applies
 * updates without compare-and-set).
 */
export class AccountRepository {
  static readonly collection = 'accounts';

  constructor(private readonly connection: Connection) {}

  private get accounts() {
    return this.connection.collection<AccountDoc>(AccountRepository.collection);
  }

  async prepare(): Promise<void> {
    await this.accounts.createIndex({ jurisdictions: 1, region: 1 });
  }

  async get(username: string): Promise<Account | undefined> {
    const doc = await this.accounts.findOne({ _id: username });
    return doc ? toAccount(doc) : undefined;
  }

  /** A new account; 409 `username_taken` when the name is in use. */
  async insert(account: Account): Promise<void> {
    try {
      await this.accounts.insertOne(toDoc(account));
    } catch (err) {
      if (isDuplicateKeyError(err))
        throw DomainError.conflict('username_taken', `username ${account.username} is taken`, '该用户名已被使用');
      throw err;
    }
  }

  /**
   * Reads the account, lets `decide` say what it becomes (undefined: nothing to write) and writes that, all under
   * the account's lock. Resolves to what `decide` returned with the account read.
   */
  async change<R extends { account?: Account }>(
    username: string,
    decide: (current: Account | undefined) => R | Promise<R>,
  ): Promise<R> {
    return withDocumentLock(this.connection, AccountRepository.collection, username, async () => {
      const current = await this.get(username);
      const decided = await decide(current);
      if (decided.account) {
        if (decided.account.username !== username) throw new Error('an account change cannot rename it');
        await this.accounts.replaceOne({ _id: username }, toDoc(decided.account), { upsert: true });
      }
      return decided;
    });
  }

  /** The accounts of a region within a jurisdiction, by username. */
  async within(region: string, jurisdiction: string): Promise<Account[]> {
    const docs = await this.accounts
      .find({ ...inJurisdiction(jurisdiction), region }, WHOLE_ANSWER)
      .sort({ _id: 1 })
      .limit(2000)
      .toArray();
    return docs.map(toAccount);
  }
}
