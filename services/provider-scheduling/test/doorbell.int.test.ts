/**
 * Neighbour help and the love doorbell on the real servers (the service in this process on Kafka, FerretDB and
 * Redis, with the Chizhou pack's escalation set to three seconds in a pack override): neighbours registered and
 * linked with one-time codes, their visits counted; a doorbell registered (its secret shown once); signed device
 * events raise an alert (alert.raised.v1 on Kafka) while unsigned, badly signed, stale, unknown and replayed ones
 * are refused; an alert nobody answers is escalated by its BullMQ job (alert.escalated.v1, shown to the township);
 * an acknowledged alert is not; a closed alert lets the next press raise a new one.
 */
import type { StaffPrincipal } from '@carelink/auth';
import { on, type Inbox } from '@carelink/bus';
import { topics } from '@carelink/contracts';
import { issueLocalToken, type RunningService, startService } from '@carelink/service-host';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConfig, type ProviderSchedulingConfig } from '../src/config';
import { signDoorbellEvent } from '../src/domain/doorbell/signature';
import { providerSchedulingService } from '../src/service';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers, checked field by field

const village = '341702001201';
const ESCALATE_SECONDS = 3;

/** The real packs, with the Chizhou doorbell escalating after three seconds instead of ten minutes. */
function packsEscalatingFast(): string {
  const dir = mkdtempSync(join(tmpdir(), 'doorbell-packs-'));
  cpSync(join(__dirname, '../../../policy'), dir, { recursive: true });
  const file = join(dir, 'chizhou.yaml');
  const yaml = readFileSync(file, 'utf8');
  if (!/escalateAfterMinutes: 10\b/.test(yaml))
    throw new Error('the Chizhou pack no longer says escalateAfterMinutes: 10');
  writeFileSync(file, yaml.replace(/escalateAfterMinutes: 10\b/, `escalateAfterMinutes: ${ESCALATE_SECONDS / 60}`));
  return dir;
}

describe('neighbour help and the love doorbell on the real servers', () => {
  let running: RunningService<ProviderSchedulingConfig>;
  const tokens: Record<string, string> = {};
  const seen: { type: string; data: Json }[] = [];
  const runId = uniqueName('doorbell');
  const deviceId = `DB-${runId.replace(/[^A-Za-z0-9]/g, '').slice(-12)}`;
  let secret = '';
  const neighbours: Record<string, string> = {};

  beforeAll(async () => {
    const servers = await testServers();
    running = await startService(
      providerSchedulingService,
      createConfig({
        CARELINK_ENV: 'local',
        PORT: '0',
        MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_scheduling`),
        ...kafkaEnv(servers),
        KAFKA_TOPIC_PREFIX: `${runId}.`,
        REDIS_URL: servers.redisUrl,
        JOBS_PREFIX: runId,
        LOG_LEVEL: 'silent',
        POLICY_DIR: packsEscalatingFast(),
      }),
    );
    const principals: Record<string, StaffPrincipal> = {
      village: {
        sub: 'vc-zhou',
        name: '周协理员',
        role: 'village_coordinator',
        region: 'chizhou',
        jurisdiction: village,
      },
      township: { sub: 'tw-1', role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702001' },
      otherVillage: { sub: 'vc-2', role: 'village_coordinator', region: 'chizhou', jurisdiction: '341702001202' },
      bot: {
        sub: 'telegram-bot-chizhou',
        role: 'channel_adapter',
        region: 'chizhou',
        jurisdiction: '3417',
        channel: 'chatbot',
      },
    };
    for (const [who, p] of Object.entries(principals)) tokens[who] = await issueLocalToken(p);
    const memory = new Set<string>();
    const inbox: Inbox = {
      seen: async (g, id) => memory.has(`${g}/${id}`),
      remember: async (g, id) => void memory.add(`${g}/${id}`),
    };
    const record = async (event: { type: string; data: unknown }) =>
      void seen.push({ type: event.type, data: event.data as Json });
    await running.ctx.bus.consume(
      'test-observer',
      [
        on(topics.doorbellAlerts, {
          'alert.raised.v1': record,
          'alert.acknowledged.v1': record,
          'alert.escalated.v1': record,
          'alert.closed.v1': record,
        }),
        on(topics.neighbourHelp, { 'neighbour-visit.recorded.v1': record }),
      ],
      inbox,
    );
  });

  afterAll(async () => {
    await running?.ctx.connection.dropDatabase();
    await running?.stop();
  });

  const call = async (method: string, path: string, who: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${running.port}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Json };
  };
  /** A device event as the doorbell sends it: raw JSON bytes and its signature headers. */
  const ring = async (
    body: string,
    { key = secret, timestamp = Math.floor(Date.now() / 1000), signed = true } = {},
  ) => {
    const res = await fetch(`http://127.0.0.1:${running.port}/doorbell/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signed
          ? {
              'x-doorbell-timestamp': String(timestamp),
              'x-doorbell-signature': signDoorbellEvent(key, timestamp, body),
            }
          : {}),
      },
      body,
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Json };
  };
  const pressed = (at = new Date().toISOString(), id = deviceId) =>
    JSON.stringify({ deviceId: id, event: 'pressed', at });
  const until = async <T>(what: string, probe: () => Promise<T | undefined>, tries = 200) => {
    for (let i = 0; i < tries; i++) {
      const v = await probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const eventOf = (type: string, alertId: string) =>
    until(`${type} of ${alertId}`, async () => seen.find((e) => e.type === type && e.data.alertId === alertId));

  it('registers two trained neighbours (ID numbers masked), pairs them, counts their visits and links their chats once', async () => {
    const training = [{ course: '简单护理技能', date: '2026-01-10', hours: 4 }];
    const a = await call('POST', '/neighbours', 'village', {
      village,
      name: '李阿姨',
      idNumber: '11010519491231002X',
      phone: '13800138001',
      training,
    });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ idNumberMasked: '110*************2X', phoneMasked: '138****8001', trained: true });
    expect(JSON.stringify(a.body)).not.toContain('13800138001');
    const b = await call('POST', '/neighbours', 'village', {
      village,
      name: '王叔叔',
      idNumber: '341702195603120048',
      phone: '13800138002',
    });
    expect(b.status).toBe(201);
    expect(b.body.trained).toBe(false);
    neighbours.a = a.body.neighbourId;
    neighbours.b = b.body.neighbourId;
    expect(
      (
        await call('POST', '/neighbours', 'village', {
          village,
          name: '李阿姨',
          idNumber: '11010519491231002X',
          phone: '13800138001',
        })
      ).body.code,
    ).toBe('neighbour_already_registered');
    expect(
      (
        await call('POST', '/neighbours', 'otherVillage', {
          village,
          name: '赵',
          idNumber: '341702196208150030',
          phone: '13800138003',
        })
      ).body.code,
    ).toBe('outside_jurisdiction');

    const paired = await call('POST', `/neighbours/${neighbours.a}/pairings`, 'village', { personName: '张阿姨' });
    const pairingId = paired.body.pairings[0].pairingId;
    const visit = await call('POST', `/neighbours/${neighbours.a}/visits`, 'village', {
      date: '2026-11-20',
      pairingId,
      content: '打扫、陪聊',
    });
    expect(visit.status).toBe(201);
    await until('neighbour-visit.recorded.v1', async () =>
      seen.find((e) => e.type === 'neighbour-visit.recorded.v1' && e.data.visitId === visit.body.visitId),
    );
    // 王叔叔 has no training yet: his visit does not count.
    await call('POST', `/neighbours/${neighbours.b}/pairings`, 'village', { personName: '张阿姨' });
    const bPairing = (await call('GET', `/neighbours/${neighbours.b}`, 'village')).body.pairings[0].pairingId;
    expect(
      (
        await call('POST', `/neighbours/${neighbours.b}/visits`, 'village', {
          date: '2026-11-20',
          pairingId: bPairing,
          content: '送饭',
        })
      ).body.code,
    ).toBe('neighbour_not_trained');
    await call('POST', `/neighbours/${neighbours.b}/training`, 'village', {
      course: '简单护理技能',
      date: '2026-11-01',
      hours: 4,
    });
    expect(
      (
        await call('POST', `/neighbours/${neighbours.b}/visits`, 'village', {
          date: '2026-11-21',
          pairingId: bPairing,
          content: '送饭',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call('POST', `/neighbours/${neighbours.b}/visits`, 'village', {
          date: '2026-11-22',
          pairingId: bPairing,
          content: '送饭',
        })
      ).status,
    ).toBe(201);

    const counts = await call('GET', '/neighbour-visits/counts?year=2026', 'township');
    expect(counts.body.items.map((r: Json) => [r.name, r.visits])).toEqual([
      ['王叔叔', 2],
      ['李阿姨', 1],
    ]);

    for (const key of ['a', 'b']) {
      const code = await call('POST', `/neighbours/${neighbours[key]}/chat-link-code`, 'village');
      expect(code.body.code).toMatch(/^nb-[A-Z0-9]{8}$/);
      const linked = await call('POST', '/chat-links', 'bot', { code: code.body.code });
      expect(linked.body).toMatchObject({ kind: 'neighbour', id: neighbours[key], region: 'chizhou', village });
      expect((await call('POST', '/chat-links', 'bot', { code: code.body.code })).body.code).toBe('link_code_invalid');
    }
    const vc = await call('POST', '/coordinator/chat-link-code', 'village');
    expect((await call('POST', '/chat-links', 'bot', { code: vc.body.code })).body).toMatchObject({
      kind: 'coordinator',
      id: 'vc-zhou',
    });
    expect((await call('GET', `/neighbours/${neighbours.a}`, 'village')).body.chatLinkedAt).toBeDefined();
  });

  it('registers a doorbell with its secret shown once, never again', async () => {
    const device = await call('POST', '/doorbell/devices', 'village', {
      deviceId,
      village,
      person: { name: '张阿姨', place: '示范社区甲3组' },
      neighbourIds: [neighbours.a, neighbours.b],
    });
    expect(device.status).toBe(201);
    secret = device.body.secret;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const listed = await call('GET', '/doorbell/devices', 'township');
    expect(listed.body.items.map((d: Json) => d.deviceId)).toContain(deviceId);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
  });

  it('refuses unsigned, badly signed, stale, unregistered and replayed device events with clear codes', async () => {
    expect((await ring(pressed(), { signed: false })).body.code).toBe('doorbell_unsigned');
    expect((await ring(pressed(), { key: 'f'.repeat(64) })).body.code).toBe('doorbell_bad_signature');
    const stale = await ring(pressed(), { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect([stale.status, stale.body.code]).toEqual([401, 'doorbell_stale_timestamp']);
    const unknown = await ring(pressed(undefined, 'DB-NOBODY'));
    // An unregistered id is refused as a bad signature: the answer does not tell which device ids exist.
    expect([unknown.status, unknown.body.code]).toEqual([401, 'doorbell_bad_signature']);
    expect(seen.filter((e) => e.type === 'alert.raised.v1')).toEqual([]);
    // One signed event, sent twice: the second is a replay.
    const body = pressed();
    const timestamp = Math.floor(Date.now() / 1000);
    const first = await ring(body, { timestamp });
    expect(first.status).toBe(201);
    const replay = await ring(body, { timestamp });
    expect([replay.status, replay.body.code]).toEqual([409, 'doorbell_replayed']);
  });

  it('alerts the two neighbours and the coordinator, and escalates to the township when nobody answers', async () => {
    const open = (await call('GET', '/alerts?open=true', 'township')).body.items;
    expect(open).toHaveLength(1);
    const alertId = open[0].alertId;
    const raised = await eventOf('alert.raised.v1', alertId);
    expect(raised.data).toMatchObject({
      person: { name: '张阿姨', place: '示范社区甲3组' },
      recipients: [
        { kind: 'neighbour', id: neighbours.a, name: '李阿姨' },
        { kind: 'neighbour', id: neighbours.b, name: '王叔叔' },
        { kind: 'coordinator', id: 'vc-zhou', name: '周协理员' },
      ],
    });
    // A second press adds to the open alert: no second alert.
    expect((await ring(pressed())).body.alertId).toBe(alertId);
    // The bot reports what reached each chat.
    expect(
      (
        await call('POST', `/alerts/${alertId}/deliveries`, 'bot', {
          recipient: { kind: 'neighbour', id: neighbours.a },
          delivered: true,
        })
      ).status,
    ).toBe(201);

    const escalated = await eventOf('alert.escalated.v1', alertId);
    expect(escalated.data.coordinators).toEqual([{ kind: 'coordinator', id: 'vc-zhou', name: '周协理员' }]);
    const shown = (await call('GET', `/alerts/${alertId}`, 'township')).body;
    expect(shown.status).toBe('escalated');
    expect(shown.timeline.map((s: Json) => s.what)).toEqual(['raised', 'pressed_again', 'delivered', 'escalated']);
    // Someone goes after all; then the village closes it.
    const ack = await call('POST', `/alerts/${alertId}/acknowledgement`, 'bot', {
      by: { kind: 'neighbour', id: neighbours.b },
    });
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledged: { by: { name: '王叔叔' } } });
    const closed = await call('POST', `/alerts/${alertId}/closure`, 'village', {
      outcome: 'needed_help',
      note: '摔倒，已送医',
    });
    expect(closed.body).toMatchObject({ status: 'closed', closed: { outcome: 'needed_help' } });
    await eventOf('alert.closed.v1', alertId);
  });

  it('an acknowledgement stops the escalation; the second to answer hears who went', async () => {
    const next = await ring(pressed());
    expect(next.status).toBe(201);
    const alertId = next.body.alertId;
    await eventOf('alert.raised.v1', alertId);
    const first = await call('POST', `/alerts/${alertId}/acknowledgement`, 'bot', {
      by: { kind: 'neighbour', id: neighbours.a },
    });
    expect(first.status).toBe(201);
    const second = await call('POST', `/alerts/${alertId}/acknowledgement`, 'bot', {
      by: { kind: 'neighbour', id: neighbours.b },
    });
    expect([second.status, second.body.code, second.body.detailZh]).toEqual([
      409,
      'alert_already_acknowledged',
      '李阿姨已前往查看',
    ]);
    await eventOf('alert.acknowledged.v1', alertId);
    // Past the escalation time (and the job's run), nothing escalated.
    await new Promise((r) => setTimeout(r, (ESCALATE_SECONDS + 3) * 1000));
    expect((await call('GET', `/alerts/${alertId}`, 'village')).body.status).toBe('acknowledged');
    expect(seen.some((e) => e.type === 'alert.escalated.v1' && e.data.alertId === alertId)).toBe(false);
  });
});
