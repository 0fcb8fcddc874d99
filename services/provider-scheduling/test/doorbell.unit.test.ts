/**
 * The love doorbell (爱心门铃) without servers: the device signature (HMAC over timestamp and raw body, replay
 * window), registration, an alert raised once per open press, the first acknowledgement, the escalation rule and
 * closing with the outcome.
 */
import type { StaffPrincipal } from '@carelink/auth';
import { useCaseContext } from '@carelink/contracts';
import { PolicyPacks } from '@carelink/policy';
import {
  decideAcknowledge,
  decideClose,
  decideDelivery,
  decideEscalate,
  decideRaise,
  escalationDue,
  type AlertState,
} from '../src/domain/doorbell/alert';
import {
  decideAlertClosedOnDevice,
  decidePress,
  decideRegisterDevice,
  type DoorbellDevice,
} from '../src/domain/doorbell/device';
import { signatureProblem, signDoorbellEvent } from '../src/domain/doorbell/signature';
import type { NeighbourState } from '../src/domain/neighbour-help/neighbour';
import { codeOf, ctx, eventsOf, now } from './fixtures';

const pack = PolicyPacks.load().get('chizhou')!;
const village = '341702001201';
const coordinator: StaffPrincipal = {
  sub: 'vc-1',
  name: '周协理员',
  role: 'village_coordinator',
  region: 'chizhou',
  jurisdiction: village,
};

describe('the device signature', () => {
  const secret = 'a'.repeat(64);
  const body = Buffer.from('{"deviceId":"DB-0001","event":"pressed","at":"2026-11-25T01:00:00Z"}');
  const ts = String(Math.floor(now.getTime() / 1000));
  const check = (over: Partial<Parameters<typeof signatureProblem>[0]> = {}) =>
    signatureProblem({
      rawBody: body,
      timestamp: ts,
      signature: signDoorbellEvent(secret, ts, body),
      secret,
      now,
      ...over,
    });

  it('holds for the device’s own HMAC of the timestamp and the raw body', () => {
    expect(check()).toBeUndefined();
    expect(signDoorbellEvent(secret, ts, body)).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('refuses what is unsigned, signed with another secret, changed after signing, or signed outside five minutes', () => {
    expect(check({ signature: undefined })).toBe('unsigned');
    expect(check({ timestamp: undefined })).toBe('unsigned');
    expect(check({ secret: 'b'.repeat(64) })).toBe('bad_signature');
    expect(check({ rawBody: Buffer.from(body.toString().replace('pressed', 'pressed ')) })).toBe('bad_signature');
    const old = String(Number(ts) - 301);
    expect(check({ timestamp: old, signature: signDoorbellEvent(secret, old, body) })).toBe('stale_timestamp');
    // The timestamp is signed: a fresh one on an old signature does not hold.
    expect(check({ timestamp: String(Number(ts) + 1) })).toBe('bad_signature');
  });
});

const neighbour = (id: string, name: string, v = village) => ({ neighbourId: id, name, village: v }) as NeighbourState;

function givenDevice(over: Partial<DoorbellDevice> = {}): DoorbellDevice {
  return {
    deviceId: 'DB-0001',
    region: 'chizhou',
    township: '341702001',
    village,
    person: { name: '张阿姨', place: '示范社区甲3组' },
    neighbourIds: ['nb_a', 'nb_b'],
    registeredBy: 'vc-1',
    registeredAt: '2026-11-01T00:00:00Z',
    ...over,
  };
}

describe('registering a doorbell', () => {
  const command = {
    deviceId: 'DB-0001',
    village,
    person: { name: '张阿姨', place: '示范社区甲3组' },
    neighbourIds: ['nb_a', 'nb_b'],
  };
  it('keeps the secret apart to be sealed and answers the device without it', () => {
    const decision = decideRegisterDevice(
      undefined,
      {
        ...command,
        principal: coordinator,
        pack,
        secret: 's3cret',
        neighbours: [neighbour('nb_a', '李'), neighbour('nb_b', '王')],
      },
      ctx,
    );
    expect(decision.state).toMatchObject({ secret: 's3cret', township: '341702001' });
    expect(decision.result!).not.toHaveProperty('secret');
  });
  it('refuses neighbours of another village (or none registered) and a device registered already', () => {
    const register = (neighbours: (NeighbourState | undefined)[], current?: DoorbellDevice) => () =>
      decideRegisterDevice(current, { ...command, principal: coordinator, pack, secret: 's', neighbours }, ctx);
    expect(codeOf(register([neighbour('nb_a', '李'), neighbour('nb_b', '王', '341702001202')]))).toBe(
      'neighbour_not_in_village',
    );
    expect(codeOf(register([neighbour('nb_a', '李'), undefined]))).toBe('neighbour_not_in_village');
    expect(codeOf(register([neighbour('nb_a', '李'), neighbour('nb_b', '王')], givenDevice()))).toBe(
      'device_already_registered',
    );
  });
});

const recipients = [
  { kind: 'neighbour' as const, id: 'nb_a', name: '李阿姨' },
  { kind: 'neighbour' as const, id: 'nb_b', name: '王叔叔' },
  { kind: 'coordinator' as const, id: 'vc-1', name: '周协理员' },
];

function raised(): AlertState {
  return decideRaise(
    undefined,
    { alertId: 'al-1', device: givenDevice(), recipients, pressedAt: '2026-11-25T01:00:00Z', escalateAfterMinutes: 10 },
    ctx,
  ).result!;
}

describe('an alert', () => {
  it('is raised once per open press: alert.raised.v1 to the neighbours and coordinator, escalating after the pack’s minutes', () => {
    const decision = decideRaise(
      undefined,
      {
        alertId: 'al-1',
        device: givenDevice(),
        recipients,
        pressedAt: '2026-11-25T01:00:00Z',
        escalateAfterMinutes: 10,
      },
      ctx,
    );
    expect(eventsOf(decision)).toEqual([
      expect.objectContaining({
        type: 'alert.raised.v1',
        key: 'al-1',
        data: expect.objectContaining({
          person: { name: '张阿姨', place: '示范社区甲3组' },
          recipients,
          escalateAt: new Date(now.getTime() + 10 * 60_000).toISOString(),
        }),
      }),
    ]);
    const again = decideRaise(
      decision.result!,
      { alertId: 'al-1', device: givenDevice(), recipients, pressedAt: 'x', escalateAfterMinutes: 10 },
      ctx,
    );
    expect(eventsOf(again)).toEqual([]);
    expect(again.result!.timeline.map((s) => s.what)).toEqual(['raised', 'pressed_again']);
    // The device points its presses at the open alert until it is closed.
    const opened = decidePress(givenDevice(), { alertId: 'al-1' });
    expect(decidePress(opened.state, { alertId: 'al-2' }).result!).toEqual({ alertId: 'al-1', opened: false });
    expect(decideAlertClosedOnDevice(opened.state, { alertId: 'al-1' }).state?.openAlertId).toBeUndefined();
  });

  it('is taken by the first recipient who goes; the next hears who went; a stranger is refused', () => {
    const first = decideAcknowledge(raised(), { by: { kind: 'neighbour', id: 'nb_b' } }, ctx);
    expect(first.result!).toMatchObject({ status: 'acknowledged', acknowledged: { by: { name: '王叔叔' } } });
    expect(eventsOf(first).map((e) => e.type)).toEqual(['alert.acknowledged.v1']);
    expect(codeOf(() => decideAcknowledge(first.result!, { by: { kind: 'neighbour', id: 'nb_a' } }, ctx))).toBe(
      'alert_already_acknowledged',
    );
    expect(codeOf(() => decideAcknowledge(raised(), { by: { kind: 'neighbour', id: 'nb_x' } }, ctx))).toBe(
      'not_a_recipient',
    );
  });

  it('records each delivery the bot reports', () => {
    const next = decideDelivery(
      raised(),
      { recipient: { kind: 'neighbour', id: 'nb_a' }, delivered: false, reason: 'no linked chat' },
      ctx,
    );
    expect(next.result!.timeline.at(-1)).toMatchObject({
      what: 'not_delivered',
      who: '李阿姨',
      note: 'no linked chat',
    });
  });
});

describe('the escalation rule', () => {
  const at = (minutes: number) => useCaseContext(new Date(now.getTime() + minutes * 60_000));

  it('escalates an alert nobody acknowledged once its minutes have passed, re-alerting the coordinators', () => {
    expect(escalationDue(raised(), at(9).now)).toBe(false);
    expect(escalationDue(raised(), at(10).now)).toBe(true);
    expect(decideEscalate(raised(), at(9)).result!.escalated).toBe(false);
    const decision = decideEscalate(raised(), at(10));
    expect(decision.result!).toMatchObject({ escalated: true, alert: { status: 'escalated' } });
    expect(eventsOf(decision)).toEqual([
      expect.objectContaining({
        type: 'alert.escalated.v1',
        data: expect.objectContaining({ coordinators: [{ kind: 'coordinator', id: 'vc-1', name: '周协理员' }] }),
      }),
    ]);
    // Escalated once: the job running again changes nothing.
    expect(decideEscalate(decision.result!.alert, at(11)).result!.escalated).toBe(false);
  });

  it('leaves an acknowledged or closed alert alone', () => {
    const acknowledged = decideAcknowledge(raised(), { by: { kind: 'neighbour', id: 'nb_a' } }, ctx).result!;
    expect(escalationDue(acknowledged, at(30).now)).toBe(false);
    const closed = decideClose(raised(), { principal: coordinator, outcome: 'false_alarm' }, ctx).result!;
    expect(escalationDue(closed, at(30).now)).toBe(false);
  });

  it('an escalated alert can still be acknowledged, then closed with its outcome', () => {
    const escalated = decideEscalate(raised(), at(10)).result!.alert!;
    const taken = decideAcknowledge(escalated, { by: { kind: 'coordinator', id: 'vc-1' } }, ctx).result!;
    const closed = decideClose(taken, { principal: coordinator, outcome: 'needed_help', note: '摔倒，已送医' }, ctx);
    expect(closed.result!).toMatchObject({ status: 'closed', closed: { outcome: 'needed_help', by: '周协理员' } });
    expect(eventsOf(closed).map((e) => e.type)).toEqual(['alert.closed.v1']);
    expect(codeOf(() => decideClose(closed.result!, { principal: coordinator, outcome: 'safe' }, ctx))).toBe(
      'alert_closed',
    );
  });
});
