import {
  inJurisdiction,
  jurisdictionsOf,
  WHOLE_ANSWER,
  withoutOutbox,
  type FieldCipher,
  type StateMapping,
} from '@carelink/store';
import { createHash } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { AlertState } from '../domain/doorbell/alert';
import type { VillageCoordinator } from '../domain/doorbell/coordinator';
import type { DoorbellDevice } from '../domain/doorbell/device';

const DEVICES = 'doorbell_devices';
const ALERTS = 'doorbell_alerts';
const RECEIPTS = 'doorbell_receipts';
const COORDINATORS = 'village_coordinators';

/** A device as the register decision writes it: with its secret in clear, once, to be sealed. */
export type DeviceWrite = DoorbellDevice & { secret?: string };

const DEVICE_HIDDEN = { ...withoutOutbox, secretSealed: 0, jurisdictions: 0 } as const;
const HIDDEN = { ...withoutOutbox, jurisdictions: 0, linkCodeIndex: 0 } as const;

function deviceOf(doc: Record<string, unknown>): DoorbellDevice {
  const { _id, _version: _v, secretSealed: _s, secret: _c, jurisdictions: _j, ...rest } = doc;
  return { deviceId: _id, ...rest } as DoorbellDevice;
}

function alertOf(doc: Record<string, unknown>): AlertState {
  const { _id, _version: _v, jurisdictions: _j, ...rest } = doc;
  return { alertId: _id, ...rest } as AlertState;
}

function coordinatorOf(doc: Record<string, unknown>): VillageCoordinator {
  const { _id, _version: _v, jurisdictions: _j, linkCodeIndex: _l, ...rest } = doc;
  return { coordinatorId: _id, ...rest } as VillageCoordinator;
}

/** How a doorbell is stored: its HMAC secret encrypted (AES-256-GCM), never answered after registration. */
export function deviceStates(cipher: FieldCipher): StateMapping<DeviceWrite> {
  return {
    collection: DEVICES,
    toDocument: ({ deviceId: _id, secret, ...state }) => ({
      ...state,
      jurisdictions: jurisdictionsOf(state.village),
      ...(secret ? { secretSealed: cipher.encrypt(secret) } : {}),
    }),
    fromDocument: deviceOf,
  };
}

export const alertStates: StateMapping<AlertState> = {
  collection: ALERTS,
  toDocument: ({ alertId: _id, ...state }) => ({ ...state, jurisdictions: jurisdictionsOf(state.village) }),
  fromDocument: alertOf,
};

export const coordinatorStates: StateMapping<VillageCoordinator> = {
  collection: COORDINATORS,
  toDocument: ({ coordinatorId: _id, ...state }) => ({
    ...state,
    ...(state.linkCode ? { linkCodeIndex: state.linkCode.index } : {}),
  }),
  fromDocument: coordinatorOf,
};

type Doc = { _id: string } & Record<string, unknown>;

/** Doorbells, their alerts and receipts, and the coordinators alerted; states change through the commit port. */
export class DoorbellRepository {
  static readonly collections = [DEVICES, ALERTS, COORDINATORS] as const;
  constructor(
    private readonly connection: Connection,
    private readonly cipher: FieldCipher,
  ) {}

  private of(name: string) {
    return this.connection.collection<Doc>(name);
  }

  async prepare(): Promise<void> {
    await this.of(DEVICES).createIndex({ jurisdictions: 1 });
    await this.of(ALERTS).createIndex({ jurisdictions: 1 });
    await this.of(COORDINATORS).createIndex({ village: 1 });
    await this.of(COORDINATORS).createIndex({ linkCodeIndex: 1 });
  }

  async deviceOf(deviceId: string): Promise<DoorbellDevice | undefined> {
    const doc = await this.of(DEVICES).findOne({ _id: deviceId }, { projection: DEVICE_HIDDEN });
    return doc ? deviceOf(doc) : undefined;
  }

  /** The device's HMAC secret, unsealed to check one event. */
  async secretOf(deviceId: string): Promise<string | undefined> {
    const doc = await this.of(DEVICES).findOne({ _id: deviceId }, { projection: { secretSealed: 1 } });
    return typeof doc?.secretSealed === 'string' ? this.cipher.decrypt(doc.secretSealed) : undefined;
  }

  async devicesIn(jurisdiction: string, region: string): Promise<DoorbellDevice[]> {
    const docs = await this.of(DEVICES)
      .find({ ...inJurisdiction(jurisdiction), region }, { projection: DEVICE_HIDDEN, ...WHOLE_ANSWER })
      .limit(5000)
      .toArray();
    return docs
      .map(deviceOf)
      .sort((a, b) => a.village.localeCompare(b.village) || a.deviceId.localeCompare(b.deviceId));
  }

  /**
   * Keeps the receipt of a signed device event: true the first time this signature is seen, false when it was
   * seen before (a replay within the window; older ones are refused by their timestamp).
   */
  async firstReceipt(deviceId: string, signature: string, at: Date): Promise<boolean> {
    const _id = createHash('sha256').update(`${deviceId}|${signature}`).digest('hex');
    try {
      await this.of(RECEIPTS).insertOne({ _id, deviceId, at: at.toISOString() });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return false;
      throw err;
    }
  }

  async alertOf(alertId: string): Promise<AlertState | undefined> {
    const doc = await this.of(ALERTS).findOne({ _id: alertId }, { projection: HIDDEN });
    return doc ? alertOf(doc) : undefined;
  }

  /** The alerts within a jurisdiction of a region (optionally in one status), newest first. */
  async alertsIn(
    jurisdiction: string,
    region: string,
    status?: AlertState['status'],
    limit = 200,
  ): Promise<AlertState[]> {
    const docs = await this.of(ALERTS)
      .find(
        { ...inJurisdiction(jurisdiction), region, ...(status ? { status } : {}) },
        { projection: HIDDEN, ...WHOLE_ANSWER },
      )
      .limit(5000)
      .toArray();
    return docs
      .map(alertOf)
      .sort((a, b) => b.raisedAt.localeCompare(a.raisedAt))
      .slice(0, limit);
  }

  /** The coordinators of a village who linked a chat: alerted with the neighbours. */
  async linkedCoordinatorsOf(village: string): Promise<VillageCoordinator[]> {
    const docs = await this.of(COORDINATORS).find({ village }, { projection: HIDDEN }).limit(100).toArray();
    return docs.map(coordinatorOf).filter((c) => c.chatLinkedAt);
  }

  async coordinatorOf(coordinatorId: string): Promise<VillageCoordinator | undefined> {
    const doc = await this.of(COORDINATORS).findOne({ _id: coordinatorId }, { projection: HIDDEN });
    return doc ? coordinatorOf(doc) : undefined;
  }

  /** The coordinator waiting to link a chat with this code (by its index), if any. */
  async coordinatorWithLinkCode(codeIndex: string): Promise<string | undefined> {
    const doc = await this.of(COORDINATORS).findOne({ linkCodeIndex: codeIndex }, { projection: { _id: 1 } });
    return doc?._id;
  }
}
