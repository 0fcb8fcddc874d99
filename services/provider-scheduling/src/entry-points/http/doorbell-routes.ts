import { assertCovers, readersOf, type StaffPrincipal } from '@carelink/auth';
import { DomainError } from '@carelink/contracts';
import { AppError, type ServiceApp } from '@carelink/http';
import type { PolicyPacks } from '@carelink/policy';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { DoorbellRepository } from '../../data-access/doorbell-repository';
import {
  acknowledgeCommand,
  ALERT,
  closeAlertCommand,
  decideDelivery,
  deliveryReport,
  type AlertState,
} from '../../domain/doorbell/alert';
import { decideRegisterDevice, registerDeviceCommand } from '../../domain/doorbell/device';
import type { DoorbellPorts } from '../../domain/doorbell/doorbell-ports';
import { acknowledgeAlert, closeAlert, deviceEvent, ringDoorbell } from '../../domain/doorbell/ring-doorbell';
import { SIGNATURE_HEADER, signatureProblem, TIMESTAMP_HEADER } from '../../domain/doorbell/signature';

export interface DoorbellRoutesDeps {
  ports: DoorbellPorts;
  doorbell: Pick<DoorbellRepository, 'secretOf' | 'firstReceipt' | 'devicesIn' | 'alertsIn'>;
  policies: Pick<PolicyPacks, 'get'>;
}

const MANAGERS = ['township_caseworker', 'village_coordinator'] as const;

const alertQuery = z.object({
  status: z.enum(['raised', 'acknowledged', 'escalated', 'closed']).optional(),
  open: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only alerts not closed yet (raised, acknowledged, escalated)'),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/** A signed device event refused at the edge: 401 with a machine-readable code (the device cannot be trusted yet). */
const unsigned = (code: string, message: string) =>
  new AppError(code, 401, message, { messageZh: '门铃设备的签名无效' });

const SIGNATURE_REFUSALS = {
  unsigned: () =>
    unsigned('doorbell_unsigned', `a device event needs the ${SIGNATURE_HEADER} and ${TIMESTAMP_HEADER} headers`),
  stale_timestamp: () =>
    unsigned('doorbell_stale_timestamp', `the ${TIMESTAMP_HEADER} is not within five minutes of now`),
  bad_signature: () => unsigned('doorbell_bad_signature', 'the signature does not match the device’s secret'),
};

/** The alert an adapter or staff member may touch: its region's adapter, or staff covering its village. */
function assertMayHandle(principal: StaffPrincipal, alert: AlertState): void {
  if (principal.role === 'channel_adapter') {
    if (principal.region !== alert.region)
      throw DomainError.forbidden('other_region', `alert of region ${alert.region}`, '该告警不属于本地区');
  } else assertCovers(principal, alert.village, alert.region);
}

/**
 * The love doorbell (爱心门铃): devices registered by the village or township, their signed events raising
 * alerts, the bot's deliveries and acknowledgements, the alerts live in the console, closed with the outcome.
 */
export function doorbellRoutes(app: ServiceApp, { ports, doorbell, policies }: DoorbellRoutesDeps): void {
  const alertOf = async (principal: StaffPrincipal, alertId: string) => {
    const alert = await ports.alerts.alertOf(alertId);
    if (!alert) throw DomainError.notFound(...ALERT);
    assertMayHandle(principal, alert);
    return alert;
  };

  app.route({
    method: 'post',
    path: '/doorbell/devices',
    summary:
      'Register a love doorbell to a person living alone, with the neighbours it alerts; answers its HMAC secret once (stored encrypted)',
    roles: [...MANAGERS],
    body: registerDeviceCommand,
    responses: { 201: 'the device and its secret (shown once)', 409: 'device_already_registered' },
    handle: async ({ body, principal }) => {
      const pack = policies.get(principal.region);
      if (!pack) throw DomainError.invalid('unknown_region', `no policy pack for ${principal.region}`, '未知的地区');
      const neighbours = await Promise.all(body.neighbourIds.map((id) => ports.neighbours.neighbourOf(id)));
      const secret = randomBytes(32).toString('hex');
      const device = await ports.devices.commit(body.deviceId, (current, ctx) =>
        decideRegisterDevice(current, { ...body, principal, pack, neighbours, secret }, ctx),
      );
      return { device, secret };
    },
  });

  app.route({
    method: 'get',
    path: '/doorbell/devices',
    summary: 'The doorbells of the caller’s jurisdiction, by village (audited; secrets are never answered)',
    roles: readersOf('doorbell_device'),
    reads: { resource: 'doorbell_device', list: true },
    handle: async ({ principal }) => ({ items: await doorbell.devicesIn(principal.jurisdiction, principal.region) }),
  });

  app.route({
    method: 'post',
    path: '/doorbell/events',
    summary:
      'A doorbell’s event (JSON {deviceId, event: "pressed", at}) signed with its secret: x-doorbell-timestamp (unix seconds) and x-doorbell-signature (sha256=HMAC-SHA256 hex over "<timestamp>.<raw body>"); raises or adds to the device’s alert. 401 doorbell_unsigned / doorbell_bad_signature (also for a device id not registered: the answer does not tell which ids exist) / doorbell_stale_timestamp, 409 doorbell_replayed',
    body: deviceEvent,
    responses: {
      201: 'the alert the press raised or was added to',
      401: 'doorbell_unsigned, doorbell_bad_signature (also an unregistered device id), doorbell_stale_timestamp',
      409: 'doorbell_replayed',
    },
    handle: async ({ req, body }) => {
      // An unregistered device id is refused exactly as a bad signature is: an unauthenticated caller must not
      // learn which device ids exist (the village sees its registered devices in the console).
      const secret = await doorbell.secretOf(body.deviceId);
      if (!secret) throw SIGNATURE_REFUSALS.bad_signature();
      const now = new Date();
      const signature = req.header(SIGNATURE_HEADER);
      const problem = signatureProblem({
        rawBody: req.rawBody ?? Buffer.alloc(0),
        timestamp: req.header(TIMESTAMP_HEADER),
        signature,
        secret,
        now,
      });
      if (problem) throw SIGNATURE_REFUSALS[problem]();
      if (!(await doorbell.firstReceipt(body.deviceId, signature!, now)))
        throw new AppError('doorbell_replayed', 409, 'this signed event was received already', {
          messageZh: '该门铃事件已收到，请勿重复发送',
        });
      const alert = await ringDoorbell(ports, body);
      return { alertId: alert.alertId, status: alert.status, escalateAt: alert.escalateAt };
    },
  });

  app.route({
    method: 'get',
    path: '/alerts',
    summary:
      'Doorbell alerts of the caller’s jurisdiction, newest first, with their timelines (audited); the console polls it for escalations',
    roles: readersOf('doorbell_alert'),
    reads: { resource: 'doorbell_alert', list: true },
    query: alertQuery,
    handle: async ({ query, principal }) => {
      const items = await doorbell.alertsIn(principal.jurisdiction, principal.region, query.status, query.limit ?? 200);
      return { items: query.open === 'true' ? items.filter((a) => a.status !== 'closed') : items };
    },
  });

  app.route({
    method: 'get',
    path: '/alerts/:alertId',
    summary: 'One doorbell alert with its timeline (audited)',
    roles: readersOf('doorbell_alert'),
    reads: { resource: 'doorbell_alert' },
    handle: ({ req, principal }) => alertOf(principal, String(req.params.alertId)),
  });

  app.route({
    method: 'post',
    path: '/alerts/:alertId/deliveries',
    summary: 'The chat bot reports whether the alert reached a recipient’s chat (recorded in the timeline)',
    roles: ['channel_adapter'],
    body: deliveryReport,
    responses: { 201: 'recorded' },
    handle: async ({ req, body, principal }) => {
      await alertOf(principal, String(req.params.alertId));
      const alert = await ports.alerts.commit(String(req.params.alertId), (current, ctx) =>
        decideDelivery(current, body, ctx),
      );
      return { alertId: alert.alertId, status: alert.status };
    },
  });

  app.route({
    method: 'post',
    path: '/alerts/:alertId/acknowledgement',
    summary:
      'A recipient says they go (the bot’s [我去看看]): the first takes the alert (alert.acknowledged.v1) and stops its escalation; 409 alert_already_acknowledged names who went',
    roles: ['channel_adapter'],
    body: acknowledgeCommand,
    responses: { 201: 'who went', 409: 'alert_already_acknowledged, alert_closed' },
    handle: async ({ req, body, principal }) => {
      await alertOf(principal, String(req.params.alertId));
      const alert = await acknowledgeAlert(ports, String(req.params.alertId), body.by);
      return { alertId: alert.alertId, status: alert.status, acknowledged: alert.acknowledged };
    },
  });

  app.route({
    method: 'post',
    path: '/alerts/:alertId/closure',
    summary: 'Close a doorbell alert with its outcome: safe, needed_help or false_alarm (alert.closed.v1)',
    roles: [...MANAGERS],
    body: closeAlertCommand,
    responses: { 201: 'the closed alert', 409: 'alert_closed' },
    handle: ({ req, body, principal }) => closeAlert(ports, String(req.params.alertId), { ...body, principal }),
  });
}
