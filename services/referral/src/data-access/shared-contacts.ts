import { isDuplicateKeyError, type FieldCipher } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { SharedContactRecord } from '../domain/share-contact/department-contact';

/** One case's shared contact: everything of it sealed (AES-256-GCM, CONTACT_DATA_KEY), the case id in clear. */
interface SharedContactDoc {
  _id: string;
  sealed: string;
  sharedAt: string;
}

/**
 * The contacts residents consented to share (contact.shared.v1 from intake), one per case, sealed at rest. Written
 * once per case (a redelivered event changes nothing); read when a referral goes to a department.
 */
export class SharedContacts {
  static readonly collection = 'shared_contacts';
  constructor(
    private readonly connection: Connection,
    private readonly cipher: FieldCipher,
  ) {}

  private get contacts() {
    return this.connection.collection<SharedContactDoc>(SharedContacts.collection);
  }

  /** Keeps the contact of a case; a second one for the same case (a redelivery) is ignored. */
  async record(shared: SharedContactRecord): Promise<void> {
    try {
      await this.contacts.insertOne({
        _id: shared.caseId,
        sealed: this.cipher.encrypt(JSON.stringify(shared)),
        sharedAt: shared.sharedAt,
      });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }

  /** The contact shared for a case, or undefined when none was (no consent, or not arrived yet). */
  async of(caseId: string): Promise<SharedContactRecord | undefined> {
    const doc = await this.contacts.findOne({ _id: caseId });
    return doc ? (JSON.parse(this.cipher.decrypt(doc.sealed)) as SharedContactRecord) : undefined;
  }
}
