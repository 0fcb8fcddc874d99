import { withDocumentLock, type FieldCipher } from '@carelink/store';
import type { Connection } from 'mongoose';

interface PersonDoc {
  _id: string;
  region: string;
  name: string;
  idNumberSealed: string;
  idNumberMasked: string;
  birthDate: string;
  sex: string;
  phoneSealed?: string;
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
  constructor(
    private readonly connection: Connection,
    private readonly cipher: FieldCipher,
  ) {}

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
    await withDocumentLock(this.connection, 'persons', personId, () =>
      this.persons.updateOne(
        { _id: personId },
        {
          $set: {
            region: p.region,
            name: p.name,
            idNumberSealed: this.cipher.encrypt(p.idNumber),
            idNumberMasked: p.idNumberMasked,
            birthDate: p.birthDate,
            sex: p.sex,
            ...(p.phone ? { phoneSealed: this.cipher.encrypt(p.phone) } : {}),
            updatedAt: new Date(),
          },
        },
        { upsert: true },
      ),
    );
    return personId;
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
