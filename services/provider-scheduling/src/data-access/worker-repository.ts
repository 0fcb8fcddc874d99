import { WHOLE_ANSWER, withoutOutbox, type FieldCipher, type StateMapping } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { RegisteredWorker } from '../domain/register-worker/register-worker';
import type { WorkerState } from '../domain/worker';

const COLLECTION = 'workers';

/** A worker's state as the register decision writes it: with the identity in clear, once, to be sealed. */
export type WorkerWrite = WorkerState & { identity?: RegisteredWorker['identity'] };

/** Sealed identity fields: never read back into a state, never answered. */
const SEALED = { idNumberSealed: 0, phoneSealed: 0, idNumberIndex: 0 } as const;
/** Lifted to the top of the document for an equality query (kept in the state too): the link code's index, the chat. */
const LIFTED = { linkCodeIndex: 0, chatId: 0 } as const;
/** At most this many worker records are read for one chat (one person registered with several providers). */
const LINKED_WORKERS_MAX = 20;
const HIDDEN = { ...withoutOutbox, ...SEALED, ...LIFTED } as const;

function toState(doc: Record<string, unknown>): WorkerState {
  const {
    _id,
    _version: _v,
    idNumberSealed: _i,
    phoneSealed: _p,
    idNumberIndex: _x,
    identity: _y,
    linkCodeIndex: _lc,
    chatId: _ch,
    ...rest
  } = doc;
  return { workerId: _id, ...rest } as WorkerState;
}

/**
 * How a worker is stored: under an id derived from the ID number and the provider (the same person registered
 * twice by one provider is the same worker), the ID number and phone encrypted (AES-256-GCM), a keyed index of
 * the ID number, masks in clear.
 */
export function workerStates(cipher: FieldCipher): StateMapping<WorkerWrite> {
  return {
    collection: COLLECTION,
    toDocument: ({ workerId: _id, identity, ...state }) => ({
      ...state,
      linkCodeIndex: state.linkCode?.index ?? null,
      chatId: state.chat?.chatId ?? null,
      ...(identity
        ? {
            idNumberSealed: cipher.encrypt(identity.idNumber),
            phoneSealed: cipher.encrypt(identity.phone),
            idNumberIndex: cipher.blindIndex(identity.idNumber, 'worker-id-number'),
          }
        : {}),
    }),
    fromDocument: toState,
  };
}

/** Worker queries; workers change through the commit port (`workerStates`). */
export class WorkerRepository {
  static readonly collection = COLLECTION;
  constructor(
    private readonly connection: Connection,
    private readonly cipher: FieldCipher,
  ) {}

  private get workers() {
    return this.connection.collection<{ _id: string } & Record<string, unknown>>(COLLECTION);
  }

  async prepare(): Promise<void> {
    await this.workers.createIndex({ providerId: 1 });
    await this.workers.createIndex({ linkCodeIndex: 1 });
    await this.workers.createIndex({ chatId: 1 });
  }

  /** The worker waiting to link a chat with this code (by its index), if any. */
  async withLinkCode(codeIndex: string): Promise<string | undefined> {
    return (await this.workers.findOne({ linkCodeIndex: codeIndex }, { projection: { _id: 1 } }))?._id;
  }

  /**
   * The workers a chat is linked to, earliest linked first: usually one; more when one person works for several
   * providers (a worker record each) and linked them all from the same chat.
   */
  async linkedTo(chatId: number): Promise<WorkerState[]> {
    const docs = await this.workers.find({ chatId }, { projection: HIDDEN }).limit(LINKED_WORKERS_MAX).toArray();
    return docs.map(toState).sort((a, b) => (a.chat?.linkedAt ?? '').localeCompare(b.chat?.linkedAt ?? ''));
  }

  /** The id a provider's worker with this ID number has (keyed: the number cannot be read back from it). */
  workerIdOf(providerId: string, idNumber: string): string {
    return `wk_${this.cipher.blindIndex(idNumber.trim().toUpperCase(), `worker:${providerId}`).slice(0, 24)}`;
  }

  async workerOf(workerId: string): Promise<WorkerState | undefined> {
    const doc = await this.workers.findOne({ _id: workerId }, { projection: HIDDEN });
    return doc ? toState(doc) : undefined;
  }

  /** A provider's workers, by name. */
  async listOf(providerId: string): Promise<WorkerState[]> {
    const docs = await this.workers
      .find({ providerId }, { projection: HIDDEN, ...WHOLE_ANSWER })
      .limit(2000)
      .toArray();
    return docs.map(toState).sort((a, b) => a.name.localeCompare(b.name, 'zh') || a.workerId.localeCompare(b.workerId));
  }

  async servingItem(providerId: string, itemCode: string): Promise<WorkerState[]> {
    return (await this.listOf(providerId)).filter((w) => w.itemCodes.includes(itemCode));
  }
}
