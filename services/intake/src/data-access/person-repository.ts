import { appendToOutbox, withDocumentLock, type FieldCipher, type PendingEvent } from '@carelink/store';
import type { Connection } from 'mongoose';
import { nationalPhoneNumber } from '@carelink/contracts';

interface PersonDoc {
  _id: string;
  region: string;
  name: string;
  idNumberSealed: string;
  idNumberMasked: string;
  birthDate: string;
  sex: string;
  phoneSealed?: string;
  /** Keyed hash of the phone number (national form), to find a caller's files without decrypting. */
  phoneIndex?: string;
  /** Assistance status as the registers last reported it (动态管理). */
  assistance?: { groups: string[]; since: string; source: string };
  updatedAt: Date;
}

export interface PersonFile {
  personId: string;
  region: string;
  name: string;
  idNumberMasked: string;
  birthDate: string;
  sex: string;
  hasPhone: boolean;
}

/** One person, one file (一人一档): ID number and phone encrypted at rest, found by a keyed pseudonym. */
export class PersonRepository {
  static readonly collection = 'persons';
  constructor(
    private readonly connection: Connection,
    private readonly cipher: FieldCipher,
  ) {}

  static async prepare(connection: Connection): Promise<void> {
    await connection.collection<PersonDoc>('persons').createIndex({ phoneIndex: 1 });
  }

  private get persons() {
    return this.connection.collection<PersonDoc>('persons');
  }

  personIdOf(idNumber: string): string {
    return `p_${this.cipher.blindIndex(idNumber, 'person').slice(0, 32)}`;
  }

  async upsert(p: {
    region: string;
    name: string;
    idNumber: string;
    idNumberMasked: string;
    birthDate: string;
    sex: string;
    phone?: string;
  }): Promise<string> {
    const personId = this.personIdOf(p.idNumber);
    await withDocumentLock(this.connection, PersonRepository.collection, personId, () =>
      this.persons.updateOne(
        { _id: personId },
        {
          $set: {
            ...this.identityFields(p),
            ...(p.phone ? { phoneSealed: this.cipher.encrypt(p.phone), phoneIndex: this.phoneIndexOf(p.phone) } : {}),
            updatedAt: new Date(),
          },
        },
        { upsert: true },
      ),
    );
    return personId;
  }

  private phoneIndexOf(phone: string): string {
    return this.cipher.blindIndex(nationalPhoneNumber(phone), 'phone');
  }

  /**
   * Gives the phone lookup index to files written before it existed (run at start; idempotent). Returns how
   * many files were indexed.
   */
  async indexPhones(): Promise<number> {
    const unindexed = await this.persons
      .find({ phoneSealed: { $exists: true }, phoneIndex: { $exists: false } }, { projection: { phoneSealed: 1 } })
      .toArray();
    for (const p of unindexed)
      await withDocumentLock(this.connection, PersonRepository.collection, p._id, () =>
        this.persons.updateOne(
          { _id: p._id },
          { $set: { phoneIndex: this.phoneIndexOf(this.cipher.decrypt(p.phoneSealed!)) } },
        ),
      );
    return unindexed.length;
  }

  /** The persons whose file has this phone number (a guardian may have applied for several). */
  async personIdsByPhone(phone: string): Promise<string[]> {
    const found = await this.persons
      .find({ phoneIndex: this.phoneIndexOf(phone) }, { projection: { _id: 1 } })
      .toArray();
    return found.map((p) => p._id);
  }

  /** The identity part of a person's file, the ID number sealed. */
  private identityFields(p: {
    region: string;
    name: string;
    idNumber: string;
    idNumberMasked: string;
    birthDate: string;
    sex: string;
  }) {
    return {
      region: p.region,
      name: p.name,
      idNumberSealed: this.cipher.encrypt(p.idNumber),
      idNumberMasked: p.idNumberMasked,
      birthDate: p.birthDate,
      sex: p.sex,
    };
  }

  /** Encrypts another personal value (a household member's ID number) with the person-data key. */
  seal(value: string): string {
    return this.cipher.encrypt(value);
  }

  /** Runs `work` while no other write of this person's file (or registration for them) runs. */
  serialised<T>(personId: string, work: () => Promise<T>): Promise<T> {
    return withDocumentLock(this.connection, `${PersonRepository.collection}:registration`, personId, work);
  }

  /** The person's reported assistance groups now (empty when never reported). */
  async assistanceGroups(personId: string): Promise<string[]> {
    return (await this.persons.findOne({ _id: personId }, { projection: { assistance: 1 } }))?.assistance?.groups ?? [];
  }

  /**
   * Records a status change from a register with the event it causes, in one update of the person's file.
   * `makeEvents` receives the groups held before, read under the same lock.
   */
  async recordAssistance(
    p: {
      personId: string;
      region: string;
      name: string;
      idNumber: string;
      idNumberMasked: string;
      birthDate: string;
      sex: string;
    },
    assistance: { groups: string[]; since: string; source: string },
    makeEvents: (previousGroups: string[]) => PendingEvent[],
  ): Promise<void> {
    await withDocumentLock(this.connection, PersonRepository.collection, p.personId, async () => {
      const previous = await this.assistanceGroups(p.personId);
      const outbox = appendToOutbox(makeEvents(previous));
      await this.persons.updateOne(
        { _id: p.personId },
        {
          $set: {
            ...this.identityFields(p),
            assistance,
            updatedAt: new Date(),
            ...outbox.$set,
          },
          $push: outbox.$push,
        } as never,
        { upsert: true },
      );
    });
  }

  async file(personId: string): Promise<PersonFile | null> {
    const doc = await this.persons.findOne({ _id: personId });
    if (!doc) return null;
    return {
      personId: doc._id,
      region: doc.region,
      name: doc.name,
      idNumberMasked: doc.idNumberMasked,
      birthDate: doc.birthDate,
      sex: doc.sex,
      hasPhone: !!doc.phoneSealed,
    };
  }
}
