import {
  inJurisdiction,
  jurisdictionsOf,
  WHOLE_ANSWER,
  withoutOutbox,
  type FieldCipher,
  type StateMapping,
} from '@carelink/store';
import type { Connection } from 'mongoose';
import type { NeighbourState } from '../domain/neighbour-help/neighbour';

const COLLECTION = 'neighbours';

/** A neighbour's state as the register decision writes it: with the identity in clear, once, to be sealed. */
export type NeighbourWrite = NeighbourState & { identity?: { idNumber: string; phone: string } };

/** Stored beside a neighbour, never read back: the sealed identity, the jurisdictions, the link code's index. */
const HIDDEN = {
  ...withoutOutbox,
  idNumberSealed: 0,
  phoneSealed: 0,
  idNumberIndex: 0,
  jurisdictions: 0,
  linkCodeIndex: 0,
} as const;

function toState(doc: Record<string, unknown>): NeighbourState {
  const {
    _id,
    _version: _v,
    idNumberSealed: _i,
    phoneSealed: _p,
    idNumberIndex: _x,
    identity: _y,
    jurisdictions: _j,
    linkCodeIndex: _l,
    ...rest
  } = doc;
  return { neighbourId: _id, ...rest } as NeighbourState;
}

/**
 * How a neighbour is stored: under an id derived from the ID number and the region (the same person registered
 * twice is the same neighbour), the ID number and phone encrypted (AES-256-GCM), a keyed index of the ID number,
 * the jurisdictions of their village, and the pending link code's index at the top (an equality FerretDB indexes).
 */
export function neighbourStates(cipher: FieldCipher): StateMapping<NeighbourWrite> {
  return {
    collection: COLLECTION,
    toDocument: ({ neighbourId: _id, identity, ...state }) => ({
      ...state,
      jurisdictions: jurisdictionsOf(state.village),
      ...(state.linkCode ? { linkCodeIndex: state.linkCode.index } : {}),
      ...(identity
        ? {
            idNumberSealed: cipher.encrypt(identity.idNumber),
            phoneSealed: cipher.encrypt(identity.phone),
            idNumberIndex: cipher.blindIndex(identity.idNumber, 'neighbour-id-number'),
          }
        : {}),
    }),
    fromDocument: toState,
  };
}

/** Neighbour queries; neighbours change through the commit port (`neighbourStates`). */
export class NeighbourRepository {
  static readonly collection = COLLECTION;
  constructor(
    private readonly connection: Connection,
    private readonly cipher: FieldCipher,
  ) {}

  private get neighbours() {
    return this.connection.collection<{ _id: string } & Record<string, unknown>>(COLLECTION);
  }

  async prepare(): Promise<void> {
    await this.neighbours.createIndex({ jurisdictions: 1 });
    await this.neighbours.createIndex({ linkCodeIndex: 1 });
  }

  /** The id a neighbour with this ID number has in a region (keyed: the number cannot be read back from it). */
  neighbourIdOf(region: string, idNumber: string): string {
    return `nb_${this.cipher.blindIndex(idNumber.trim().toUpperCase(), `neighbour:${region}`).slice(0, 24)}`;
  }

  async neighbourOf(neighbourId: string): Promise<NeighbourState | undefined> {
    const doc = await this.neighbours.findOne({ _id: neighbourId }, { projection: HIDDEN });
    return doc ? toState(doc) : undefined;
  }

  /** The neighbours within a jurisdiction (a village, a township …) of a region, by village then name. */
  async listIn(jurisdiction: string, region: string): Promise<NeighbourState[]> {
    const docs = await this.neighbours
      .find({ ...inJurisdiction(jurisdiction), region }, { projection: HIDDEN, ...WHOLE_ANSWER })
      .limit(5000)
      .toArray();
    return docs.map(toState).sort((a, b) => a.village.localeCompare(b.village) || a.name.localeCompare(b.name, 'zh'));
  }

  /** The neighbour waiting to link a chat with this code (by its index), if any. */
  async withLinkCode(codeIndex: string): Promise<string | undefined> {
    const doc = await this.neighbours.findOne({ linkCodeIndex: codeIndex }, { projection: { _id: 1 } });
    return doc?._id;
  }
}
