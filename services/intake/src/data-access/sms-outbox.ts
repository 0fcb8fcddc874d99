import type { FieldCipher } from '@carelink/store';
import type { Logger } from '@carelink/telemetry';
import type { Connection } from 'mongoose';
import { v7 as uuidv7 } from 'uuid';
import type { ResidentText, ResidentTexts } from '../domain/follow-progress/handle-lookup-code';
import { maskPhone } from '../domain/follow-progress/lookup-code';

const SMS_OUTBOX = 'sms_outbox';

/** A text waiting for the SMS gateway: number and words sealed, the number masked for people to read. */
export interface SmsOutboxEntry {
  _id: string;
  toSealed: string;
  toMasked: string;
  bodySealed: string;
  purpose: ResidentText['purpose'];
  status: 'awaiting_gateway';
  createdAt: Date;
}

/**
 * Texts to residents (one-time codes), recorded in the `sms_outbox` collection for an SMS gateway to deliver.
 * carelink ships no gateway: a deployment must run one that reads `awaiting_gateway` entries (decrypting
 * number and words with the person-data key), sends them and marks them; until then nobody receives a code.
 * The log says where each text went (masked number), never its words; only in local mode
 * (`CARELINK_ENV=local`, one developer's machine) does it also show the code, so the flows can be tried.
 */
export class SmsOutbox implements ResidentTexts {
  static readonly collection = SMS_OUTBOX;

  constructor(
    private readonly connection: Connection,
    private readonly cipher: FieldCipher,
    private readonly logger: Pick<Logger, 'info'>,
    private readonly options: { showCodesInLog: boolean },
  ) {}

  static async prepare(connection: Connection): Promise<void> {
    await connection.collection(SMS_OUTBOX).createIndex({ status: 1 });
  }

  async send(text: ResidentText): Promise<void> {
    const entry: SmsOutboxEntry = {
      _id: uuidv7(),
      toSealed: this.cipher.encrypt(text.to),
      toMasked: maskPhone(text.to),
      bodySealed: this.cipher.encrypt(text.body),
      purpose: text.purpose,
      status: 'awaiting_gateway',
      createdAt: new Date(),
    };
    await this.connection.collection<SmsOutboxEntry>(SMS_OUTBOX).insertOne(entry);
    this.logger.info(
      {
        smsId: entry._id,
        to: entry.toMasked,
        purpose: text.purpose,
        ...(this.options.showCodesInLog ? { localModeText: text.body } : {}),
      },
      'text to a resident put in the SMS outbox for the gateway',
    );
  }
}
