import { DomainError } from '@carelink/contracts';
import { z } from 'zod';
import { decideLinkChat } from '../neighbour-help/register-neighbour';
import {
  decideAcknowledge,
  decideClose,
  decideEscalate,
  decideRaise,
  type AlertRecipient,
  type AlertState,
} from './alert';
import { decideAlertClosedOnDevice, decidePress } from './device';
import type { DoorbellPorts } from './doorbell-ports';

/** A device event as the doorbell sends it (MQTT-style JSON): its id, what happened, when (device clock). */
export const deviceEvent = z.object({
  deviceId: z.string().regex(/^[A-Za-z0-9_-]{4,64}$/),
  event: z.literal('pressed'),
  at: z.string().datetime({ offset: true }),
});
export type DeviceEvent = z.infer<typeof deviceEvent>;

/** Who a new alert of the device goes to: its neighbours, then the village's coordinators with a linked chat. */
async function recipientsOf(ports: DoorbellPorts, device: { neighbourIds: string[]; village: string }) {
  const neighbours = await Promise.all(device.neighbourIds.map((id) => ports.neighbours.neighbourOf(id)));
  const coordinators = await ports.coordinators.linkedCoordinatorsOf(device.village);
  return [
    ...neighbours.flatMap((n) => (n ? [{ kind: 'neighbour' as const, id: n.neighbourId, name: n.name }] : [])),
    ...coordinators.map((c) => ({ kind: 'coordinator' as const, id: c.coordinatorId, name: c.name })),
  ] satisfies AlertRecipient[];
}

/**
 * A press of a doorbell whose event was verified: opens the device's alert (or adds the press to the open one),
 * publishes alert.raised.v1 to its neighbours and coordinators, and sets its escalation.
 */
export async function ringDoorbell(ports: DoorbellPorts, event: DeviceEvent): Promise<AlertState> {
  const { alertId } = await ports.devices.commit(event.deviceId, (current) =>
    decidePress(current, { alertId: ports.newId() }),
  );
  const device = (await ports.devices.deviceOf(event.deviceId))!;
  const pack = ports.packOf(device.region);
  if (!pack?.doorbell)
    throw DomainError.invalid(
      'no_doorbells',
      `region ${device.region} has no love doorbells`,
      '本地区未开展爱心门铃服务',
    );
  const recipients = await recipientsOf(ports, device);
  const alert = await ports.alerts.commit(alertId, (current, ctx) =>
    decideRaise(
      current,
      { alertId, device, recipients, pressedAt: event.at, escalateAfterMinutes: pack.doorbell!.escalateAfterMinutes },
      ctx,
    ),
  );
  await ports.escalations.escalateAt(alert);
  return alert;
}

/** The escalation job: escalates the alert if nobody acknowledged it; says whether it is still waiting for its time. */
export async function escalateAlert(
  ports: DoorbellPorts,
  alertId: string,
): Promise<'escalated' | 'settled' | 'not_due'> {
  const { escalated, alert } = await ports.alerts.commit(alertId, (current, ctx) => decideEscalate(current, ctx));
  if (escalated) return 'escalated';
  return alert?.status === 'raised' ? 'not_due' : 'settled';
}

/** The first recipient who goes takes the alert. */
export function acknowledgeAlert(
  ports: DoorbellPorts,
  alertId: string,
  by: { kind: AlertRecipient['kind']; id: string },
) {
  return ports.alerts.commit(alertId, (current, ctx) => decideAcknowledge(current, { by }, ctx));
}

/** Closes the alert with its outcome; the device's next press opens a new alert. */
export async function closeAlert(
  ports: DoorbellPorts,
  alertId: string,
  command: Parameters<typeof decideClose>[1],
): Promise<AlertState> {
  const alert = await ports.alerts.commit(alertId, (current, ctx) => decideClose(current, command, ctx));
  await ports.devices.commit(alert.deviceId, (current) => decideAlertClosedOnDevice(current, { alertId }));
  return alert;
}

/** Who a chat link code linked: a neighbour or a village coordinator, in a region. */
export interface LinkedContact {
  kind: AlertRecipient['kind'];
  id: string;
  name: string;
  region: string;
  village: string;
}

const INVALID = () =>
  DomainError.invalid(
    'link_code_invalid',
    'the chat link code is unknown, used or expired',
    '绑定码无效或已过期，请向村（社区）索取新的绑定码',
  );

/**
 * A chat sent its one-time link code (`nb-…` a neighbour's, `vc-…` a coordinator's; `codeIndex` its keyed index):
 * the contact is marked linked and the code spent; the bot keeps the chat under the contact answered.
 */
export async function linkChat(ports: DoorbellPorts, code: string, codeIndex: string): Promise<LinkedContact> {
  if (code.startsWith('nb-')) {
    const id = await ports.neighbours.withLinkCode(codeIndex);
    if (!id) throw INVALID();
    const n = await ports.neighbours.commit(id, (current, ctx) => decideLinkChat(current, { codeIndex }, ctx));
    return { kind: 'neighbour', id, name: n.name, region: n.region, village: n.village };
  }
  if (code.startsWith('vc-')) {
    const id = await ports.coordinators.coordinatorWithLinkCode(codeIndex);
    if (!id) throw INVALID();
    const c = await ports.coordinators.commit(id, (current, ctx) => decideLinkChat(current, { codeIndex }, ctx));
    return { kind: 'coordinator', id, name: c.name, region: c.region, village: c.village };
  }
  throw INVALID();
}
