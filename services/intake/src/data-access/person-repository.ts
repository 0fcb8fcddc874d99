import { withDocumentLock, type FieldCipher, type StateMapping } from '@carelink/store';
import type { Connection } from 'mongoose';
import { nationalPhoneNumber } from '@carelink/contracts';
import type { PersonLookup } from '../domain/follow-progress/find-resident-requests';
import type { Records } from '../domain/intake-records';
import type { PersonAssistance } from '../domain/record-status-change/record-status-change';
import type { ApplicantFiles } from '../domain/register-request/handle-register-request';
import { recordsOf, type IntakeCommits } from './records';

const PERSONS = 'persons';

/** Who a person is, as their file says (the ID number in plain words until sealed). */
interface Identity {
  region: string;
  name: string;
  idNumber: string;
  idNumberMasked: string;
  birthDate: string;
  sex: string;
}

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

/** The identity part of a person's file, the ID number sealed. */
function identityFields(p: Identity, cipher: FieldCipher) {
  return {
    region: p.region,
    name: p.name,
    idNumberSealed: cipher.encrypt(p.idNumber),
    idNumberMasked: p.idNumberMasked,
    birthDate: p.birthDate,
    sex: p.sex,
  };
}

/** The part of a person's file a status change writes, stored: the ID number sealed. */
function assistanceMapping(cipher: FieldCipher): StateMapping<PersonAssistance> {
  return {
    collection: PERSONS,
    toDocument: ({ assistance, updatedAt, ...identity }) => ({
      ...identityFields(identity, cipher),
      ...(assistance ? { assistance } : {}),
      updatedAt,
    }),
    fromDocument: (document) => {
      const p = document as unknown as PersonDoc;
      return {
        region: p.region,
        name: p.name,
        idNumber: cipher.decrypt(p.idNumberSealed),
        idNumberMasked: p.idNumberMasked,
        birthDate: p.birthDate,
        sex: p.sex as PersonAssistance['sex'],
        ...(p.assistance ? { assistance: p.assistance } : {}),
        updatedAt: p.updatedAt,
      };
    },
  };
}

/** Persons' files as use cases change them, through the commit port (a register's status change). */
export function personRecords(commits: IntakeCommits, cipher: FieldCipher): { assistance: Records<PersonAssistance> } {
  return { assistance: recordsOf(commits, assistanceMapping(cipher)) };
}

/** One person, one file (一人一档): ID number and phone encrypted at rest, found by a keyed pseudonym. */
export class PersonRepository implements ApplicantFiles, PersonLookup {
  static readonly collection = PERSONS;
  constructor(
    private readonly connection: Connection,
    private readonly cipher: FieldCipher,
  ) {}

  static async prepare(connection: Connection): Promise<void> {
    await connection.collection<PersonDoc>(PERSONS).createIndex({ phoneIndex: 1 });
  }

  private get persons() {
    return this.connection.collection<PersonDoc>(PERSONS);
  }

  personIdOf(idNumber: string): string {
    return `p_${this.cipher.blindIndex(idNumber, 'person').slice(0, 32)}`;
  }

  /** Files a person (who they are, their phone when given) and gives their person id. */
  async upsert(p: Identity & { phone?: string }): Promise<string> {
    const personId = this.personIdOf(p.idNumber);
    await withDocumentLock(this.connection, PersonRepository.collection, personId, () =>
      this.persons.updateOne(
        { _id: personId },
        {
          $set: {
            ...identityFields(p, this.cipher),
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

  /** Runs `work` while no other write of this person's file (or registration for them) runs. */
  serialised<T>(personId: string, work: () => Promise<T>): Promise<T> {
    return withDocumentLock(this.connection, `${PersonRepository.collection}:registration`, personId, work);
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
