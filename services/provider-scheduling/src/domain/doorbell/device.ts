import type { StaffPrincipal } from '@carelink/auth';
import { DomainError, freeText, jurisdictionCode, type Decision, type UseCaseContext } from '@carelink/contracts';
import type { PolicyPack } from '@carelink/policy';
import { z } from 'zod';
import { assertManages, villageIn, type NeighbourState } from '../neighbour-help/neighbour';

/**
 * A love doorbell 爱心门铃 (000 三(六)6): an emergency button in the home of a person living alone who cannot look
 * after themselves, registered to that person, their village and the neighbours it alerts (the village's
 * coordinators are alerted too). Its secret (HMAC key of its events) is stored encrypted and shown once.
 */
export interface DoorbellDevice {
  deviceId: string;
  region: string;
  township: string;
  village: string;
  person: { name: string; place: string; caseNumber?: string };
  neighbourIds: string[];
  /** The alert this device has open (not closed): a second press adds to it instead of raising another. */
  openAlertId?: string;
  registeredBy: string;
  registeredAt: string;
}

export const DEVICE = ['doorbell device', '爱心门铃设备'] as const;

export const registerDeviceCommand = z.object({
  deviceId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{4,64}$/, '4–64 letters, digits, _ or -')
    .describe('the id the device sends with every event'),
  village: jurisdictionCode,
  person: z.object({
    name: freeText().trim().min(1).max(50),
    place: freeText().trim().min(1).max(50).describe('where the person lives, as neighbours say it (e.g. 示范村甲3组)'),
    caseNumber: z.string().trim().min(1).max(40).optional(),
  }),
  neighbourIds: z.array(z.string().min(1).max(100)).min(1).max(10).describe('the registered neighbours it alerts'),
});
export type RegisterDevice = z.infer<typeof registerDeviceCommand>;

/**
 * Registers a doorbell in a village the caller covers: the id is new (409 otherwise), the region has doorbells,
 * and every neighbour named is registered in the same village. The secret (made by the caller) goes to
 * data-access apart, to be sealed.
 */
export function decideRegisterDevice(
  current: DoorbellDevice | undefined,
  {
    principal,
    pack,
    neighbours,
    secret,
    ...command
  }: RegisterDevice & {
    principal: StaffPrincipal;
    pack: PolicyPack;
    neighbours: (NeighbourState | undefined)[];
    secret: string;
  },
  ctx: UseCaseContext,
): Decision<DoorbellDevice & { secret?: string }, DoorbellDevice> {
  if (!pack.doorbell)
    throw DomainError.invalid(
      'no_doorbells',
      `region ${pack.region} has no love doorbells`,
      '本地区未开展爱心门铃服务',
    );
  const { township } = villageIn(pack, command.village);
  assertManages(principal, { village: command.village, region: pack.region });
  if (current)
    throw DomainError.conflict(
      'device_already_registered',
      `device ${command.deviceId} is registered already (to ${current.person.name})`,
      `设备 ${command.deviceId} 已登记（${current.person.name}），请勿重复登记`,
    );
  const strangers = command.neighbourIds.filter(
    (id, i) => neighbours[i]?.neighbourId !== id || neighbours[i]?.village !== command.village,
  );
  if (strangers.length > 0)
    throw DomainError.invalid(
      'neighbour_not_in_village',
      `neighbours not registered in village ${command.village}: ${strangers.join(', ')}`,
      '所选邻里不是本村（社区）登记的邻里互助人员',
      strangers.map((id) => ({ path: 'neighbourIds', code: 'neighbour_not_in_village', neighbourId: id })),
    );
  const device: DoorbellDevice = {
    deviceId: command.deviceId,
    region: pack.region,
    township,
    village: command.village,
    person: command.person,
    neighbourIds: [...new Set(command.neighbourIds)],
    registeredBy: principal.sub,
    registeredAt: ctx.now.toISOString(),
  };
  return { state: { ...device, secret }, result: device };
}

/** A press opens an alert unless one is open: the id of the alert it belongs to, and whether it is new. */
export function decidePress(
  current: DoorbellDevice | undefined,
  { alertId }: { alertId: string },
): Decision<DoorbellDevice, { alertId: string; opened: boolean }> {
  if (!current) throw DomainError.notFound(...DEVICE);
  if (current.openAlertId) return { result: { alertId: current.openAlertId, opened: false } };
  return { state: { ...current, openAlertId: alertId }, result: { alertId, opened: true } };
}

/** The alert closed: the next press opens a new one. */
export function decideAlertClosedOnDevice(
  current: DoorbellDevice | undefined,
  { alertId }: { alertId: string },
): Decision<DoorbellDevice, void> {
  if (!current || current.openAlertId !== alertId) return { result: undefined };
  const { openAlertId: _closed, ...rest } = current;
  return { state: rest, result: undefined };
}
