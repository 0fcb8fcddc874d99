import { once, WHOLE_ANSWER, withDocumentLock, type FieldCipher, type StateMapping } from '@carelink/store';
import type { Connection } from 'mongoose';
import { maskResidentId, nationalPhoneNumber } from '@carelink/contracts';
import type { PersonLookup } from '../domain/follow-progress/find-resident-requests';
import type { CodeRecipients } from '../domain/follow-progress/handle-lookup-code';
import type { Records } from '../domain/intake-records';
import type { PersonAssistance } from '../domain/record-status-change/record-status-change';
import type { ApplicantFile } from '../domain/register-request/file-applicant';
import { recordsOf, type IntakeCommits } from './records';

const PERSONS = 'persons';

/**
 * Who a person is, as their file says (the ID number in plain words until sealed). Nothing derived from the
 * ID number lies in clear beside the seal (no birth date, no sex): they are in the sealed number.
 */
interface Identity {
  region: string;
  name: string;
  idNumber: string;
  idNumberMasked: string;
}

interface PersonDoc {
  _id: string;
  region: string;
  name: string;
  idNumberSealed: string;
  idNumberMasked: string;
  /** The township (and village) on file. */
  township?: string;
  village?: string;
  /** The confirmed phone (at the window, or by a code sent to the phone on file). */
  phoneSealed?: string;
  /** Keyed hash of the confirmed phone (national form), to find a caller's files without decrypting. */
  phoneIndex?: string;
  /** A phone a channel gave that is not confirmed: never used to find the person. */
  pendingPhone?: { sealed: string; channel: string; at: string };
  /** Keyed hash of the unconfirmed phone: only to send its confirmation to the confirmed phone. */
  pendingPhoneIndex?: string;
  /** Assistance status as the registers last reported it (动态管理). */
  assistance?: { groups: string[]; since: string; source: string };
  updatedAt: Date;
}

export interface PersonFile {
  personId: string;
  region: string;
  name: string;
  idNumberMasked: string;
  hasPhone: boolean;
}

/** The identity part of a person's file, the ID number sealed. */
function identityFields(p: Identity, cipher: FieldCipher) {
  return {
    region: p.region,
    name: p.name,
    idNumberSealed: cipher.encrypt(p.idNumber),
    idNumberMasked: p.idNumberMasked,
  };
}

/** The identity of a stored file, its ID number unsealed, with the place on file (the inverse of the above). */
function identityOf(p: PersonDoc, cipher: FieldCipher) {
  return {
    region: p.region,
    ...placeOf(p),
    name: p.name,
    idNumber: cipher.decrypt(p.idNumberSealed),
    idNumberMasked: p.idNumberMasked,
  };
}

/** A phone's keyed index (national form): equal numbers in any notation give the same index. */
function phoneIndexOf(cipher: FieldCipher, phone: string): string {
  return cipher.blindIndex(nationalPhoneNumber(phone), 'phone');
}

/** The township and village on file, where the file keeps them. */
const placeOf = (p: { township?: string; village?: string }) => ({
  ...(p.township ? { township: p.township } : {}),
  ...(p.village ? { village: p.village } : {}),
});

/** The part of a person's file a status change writes, stored: the ID number sealed. */
function assistanceMapping(cipher: FieldCipher): StateMapping<PersonAssistance> {
  return {
    collection: PERSONS,
    toDocument: ({ assistance, updatedAt, township, village, ...identity }) => ({
      ...identityFields(identity, cipher),
      ...placeOf({ township, village }),
      ...(assistance ? { assistance } : {}),
      updatedAt,
    }),
    fromDocument: (document) => {
      const p = document as unknown as PersonDoc;
      return {
        ...identityOf(p, cipher),
        ...(p.assistance ? { assistance: p.assistance } : {}),
        updatedAt: p.updatedAt,
      };
    },
  };
}

/**
 * Files written before ID masks were cut to 3+2 kept the birth date and sex in clear beside the sealed ID
 * number, and a mask that hid only the birth date: once per database, both go and the mask is cut down.
 */
async function withoutDerivedIdentity(connection: Connection): Promise<void> {
  await once(connection, 'persons: no birth date or sex beside the sealed ID number; 3+2 mask', async () => {
    const persons = connection.collection<PersonDoc & { birthDate?: string }>(PERSONS);
    // Read whole, in one batch: no cursor stays open while the updates run (see WHOLE_ANSWER).
    const older = await persons
      .find({ birthDate: { $exists: true } }, { projection: { idNumberMasked: 1 }, ...WHOLE_ANSWER })
      .toArray();
    for (const p of older)
      await withDocumentLock(connection, PERSONS, p._id, () =>
        persons.updateOne(
          { _id: p._id },
          { $set: { idNumberMasked: maskResidentId(p.idNumberMasked) }, $unset: { birthDate: '', sex: '' } },
        ),
      );
  });
}

/**
 * The part of a person's file registering writes, stored: ID number and phones sealed; only the confirmed
 * phone is indexed for look-ups, the unconfirmed one only to reach the confirmed one.
 */
function identityMapping(cipher: FieldCipher): StateMapping<ApplicantFile> {
  return {
    collection: PERSONS,
    toDocument: ({ township, village, phone, pendingPhone, updatedAt, ...identity }) => ({
      ...identityFields(identity, cipher),
      ...placeOf({ township, village }),
      ...(phone ? { phoneSealed: cipher.encrypt(phone), phoneIndex: phoneIndexOf(cipher, phone) } : {}),
      ...(pendingPhone
        ? {
            pendingPhone: {
              sealed: cipher.encrypt(pendingPhone.phone),
              channel: pendingPhone.channel,
              at: pendingPhone.at,
            },
            pendingPhoneIndex: phoneIndexOf(cipher, pendingPhone.phone),
          }
        : {}),
      updatedAt,
    }),
    fromDocument: (document) => {
      const p = document as unknown as PersonDoc;
      return {
        ...identityOf(p, cipher),
        ...(p.phoneSealed ? { phone: cipher.decrypt(p.phoneSealed) } : {}),
        ...(p.pendingPhone
          ? {
              pendingPhone: {
                phone: cipher.decrypt(p.pendingPhone.sealed),
                channel: p.pendingPhone.channel,
                at: p.pendingPhone.at,
              },
            }
          : {}),
        updatedAt: p.updatedAt,
      };
    },
  };
}

/**
 * Persons' files as use cases change them, through the commit port: a register's status change
 * (`assistance`) and registering or confirming a phone (`identity`).
 */
export function personRecords(
  commits: IntakeCommits,
  cipher: FieldCipher,
): { assistance: Records<PersonAssistance>; identity: Records<ApplicantFile> } {
  return {
    assistance: recordsOf(commits, assistanceMapping(cipher)),
    identity: recordsOf(commits, identityMapping(cipher)),
  };
}

/** One person, one file (一人一档): ID number and phone encrypted at rest, found by a keyed pseudonym. */
export class PersonRepository implements PersonLookup, CodeRecipients {
  static readonly collection = PERSONS;
  constructor(
    private readonly connection: Connection,
    private readonly cipher: FieldCipher,
  ) {}

  static async prepare(connection: Connection): Promise<void> {
    await connection.collection<PersonDoc>(PERSONS).createIndex({ phoneIndex: 1 });
    await connection.collection<PersonDoc>(PERSONS).createIndex({ pendingPhoneIndex: 1 });
    await withoutDerivedIdentity(connection);
  }

  private get persons() {
    return this.connection.collection<PersonDoc>(PERSONS);
  }

  personIdOf(idNumber: string): string {
    return `p_${this.cipher.blindIndex(idNumber, 'person').slice(0, 32)}`;
  }

  /** A phone's keyed index: what a look-up by phone is keyed on, never the number itself. */
  phoneIndexOf(phone: string): string {
    return phoneIndexOf(this.cipher, phone);
  }

  /**
   * Gives the phone lookup index to files written before it existed (run at start; idempotent). Returns how
   * many files were indexed.
   */
  async indexPhones(): Promise<number> {
    const unindexed = await this.persons
      .find(
        { phoneSealed: { $exists: true }, phoneIndex: { $exists: false } },
        { projection: { phoneSealed: 1 }, ...WHOLE_ANSWER },
      )
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

  /** The persons whose file has this phone number, confirmed (a guardian may have applied for several). */
  async personIdsByPhone(phone: string): Promise<string[]> {
    const found = await this.persons
      .find({ phoneIndex: this.phoneIndexOf(phone) }, { projection: { _id: 1 }, ...WHOLE_ANSWER })
      .toArray();
    return found.map((p) => p._id);
  }

  /** Files with this phone confirmed, with their region. */
  async confirmedHoldersOf(phone: string): Promise<{ personId: string; region: string }[]> {
    const found = await this.persons
      .find({ phoneIndex: this.phoneIndexOf(phone) }, { projection: { region: 1 }, ...WHOLE_ANSWER })
      .toArray();
    return found.map((p) => ({ personId: p._id, region: p.region }));
  }

  /** Files holding this phone unconfirmed, each with the region and the confirmed phone on file (if any). */
  async pendingHoldersOf(phone: string): Promise<{ personId: string; region: string; phone?: string }[]> {
    const found = await this.persons
      .find(
        { pendingPhoneIndex: this.phoneIndexOf(phone) },
        { projection: { region: 1, phoneSealed: 1 }, ...WHOLE_ANSWER },
      )
      .toArray();
    return found.map((p) => ({
      personId: p._id,
      region: p.region,
      ...(p.phoneSealed ? { phone: this.cipher.decrypt(p.phoneSealed) } : {}),
    }));
  }

  /** Where a person's one-time codes go: the region and the confirmed phone on file, if there is a file. */
  async contactOf(personId: string): Promise<{ region: string; phone?: string } | null> {
    const p = await this.persons.findOne({ _id: personId }, { projection: { region: 1, phoneSealed: 1 } });
    if (!p) return null;
    return { region: p.region, ...(p.phoneSealed ? { phone: this.cipher.decrypt(p.phoneSealed) } : {}) };
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
      hasPhone: !!doc.phoneSealed,
    };
  }
}
