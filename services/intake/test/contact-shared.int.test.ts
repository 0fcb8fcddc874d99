/**
 * Issue 15, departments: the resident consents to share name, phone and address with whoever serves them. On the
 * real servers (Kafka, FerretDB, Redis), intake publishes contact.shared.v1 on carelink.intake.contacts.v1 for a
 * registration with consent — the name, the phone to reach them at (confirmed or not) and the address in words —
 * and nothing for one without.
 */
import { issueStaffToken } from '@carelink/auth';
import { on } from '@carelink/bus';
import { checkCharacter, topics, type CloudEvent } from '@carelink/contracts';
import { issueLocalToken, startService, staffTokenSigningKeyOf, type RunningService } from '@carelink/service-host';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import { createConfig, type IntakeConfig } from '../src/config';
import { intakeService } from '../src/service';

const staffSigningKey = staffTokenSigningKeyOf({ CARELINK_ENV: 'local' });
const id = (first17: string) => first17 + checkCharacter(first17);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('intake shares the contact only with consent (contact.shared.v1, real Kafka and FerretDB)', () => {
  let running: RunningService<IntakeConfig>;
  const runId = uniqueName('contact');
  const shared: CloudEvent[] = [];
  const registered: CloudEvent[] = [];
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    const servers = await testServers();
    running = await startService(
      intakeService,
      createConfig({
        CARELINK_ENV: 'local',
        PORT: '0',
        MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_intake`),
        ...kafkaEnv(servers),
        KAFKA_TOPIC_PREFIX: `${runId}.`,
        REDIS_URL: servers.redisUrl,
        JOBS_PREFIX: runId,
        LOG_LEVEL: 'silent',
      }),
    );
    tokens.clerk = await issueStaffToken(
      { sub: 'clerk-1', role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702001' },
      staffSigningKey,
    );
    tokens.bot = await issueLocalToken({
      sub: 'telegram-bot',
      role: 'channel_adapter',
      region: 'chizhou',
      jurisdiction: '3417',
      channel: 'chatbot',
    });
    await running.ctx.bus.consume(
      `intake-test-contact-observer-${runId}`,
      [
        on(topics.contactShares, { 'contact.shared.v1': async (e) => void shared.push(e) }),
        on(topics.intakeRequests, { 'request.registered.v3': async (e) => void registered.push(e) }),
      ],
      { seen: async () => false, remember: async () => undefined },
    );
  });

  afterAll(async () => {
    await running?.ctx.connection.dropDatabase();
    await running?.stop();
  });

  const apply = async (
    who: 'clerk' | 'bot',
    body: { name: string; idNumber: string; phone?: string; consent: boolean; detail?: string },
  ): Promise<string> => {
    const r = await fetch(`http://127.0.0.1:${running.port}/requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        region: 'chizhou',
        channel: who === 'bot' ? 'chatbot' : 'window',
        applicant: {
          name: body.name,
          idNumber: body.idNumber,
          ...(body.phone ? { phone: body.phone, ...(who === 'bot' ? { phoneSource: 'typed' } : {}) } : {}),
        },
        address: { township: '341702001', village: '341702001201', ...(body.detail ? { detail: body.detail } : {}) },
        declaredGroups: ['tekun'],
        items: ['CZ-JK-01'],
        consentToShare: body.consent,
      }),
    });
    expect(r.status).toBe(201);
    return ((await r.json()) as Json).caseId as string;
  };
  const until = async <T>(what: string, probe: () => T | undefined, tries = 200): Promise<T> => {
    for (let i = 0; i < tries; i++) {
      const v = probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const sharedFor = (caseId: string) => shared.filter((e) => e.partitionkey === caseId);

  it('with consent over the chat bot: name, the typed phone (unconfirmed) and the address in words', async () => {
    const caseId = await apply('bot', {
      name: '王秀英',
      idNumber: id('34170219480315022'),
      phone: '139 0566 1234',
      consent: true,
      detail: '长江路12号',
    });
    const [event] = await until('contact.shared', () => (sharedFor(caseId).length ? sharedFor(caseId) : undefined));
    const data = event!.data as Json;
    expect(event!.type).toBe('contact.shared.v1');
    expect(data).toMatchObject({
      caseId,
      region: 'chizhou',
      township: '341702001',
      consent: { givenBy: 'applicant', covers: ['name', 'phone', 'address'] },
      contact: {
        name: '王秀英',
        phone: { number: '13905661234', confirmed: false },
        address: { county: '341702', township: '341702001', village: '341702001201', detail: '长江路12号' },
      },
    });
    expect(data.contact.address.text).toMatch(/^贵池区.+ 长江路12号$/);
    // The same pseudonym as the registration: referral matches it against the referral's person.
    const reg = await until('request.registered', () => registered.find((e) => e.partitionkey === caseId));
    expect(data.personId).toBe((reg.data as Json).applicant.personId);
  });

  it('with consent at the window: the phone staff took is confirmed', async () => {
    const caseId = await apply('clerk', {
      name: '陈桂兰',
      idNumber: id('34170219440210004'),
      phone: '13805661111',
      consent: true,
    });
    const [event] = await until('contact.shared', () => (sharedFor(caseId).length ? sharedFor(caseId) : undefined));
    expect((event!.data as Json).contact.phone).toEqual({ number: '13805661111', confirmed: true });
  });

  it('without consent: the request is registered and nothing of the contact is published', async () => {
    const caseId = await apply('clerk', {
      name: '周德明',
      idNumber: id('34170219390811003'),
      phone: '13805662222',
      consent: false,
    });
    await until('request.registered', () => registered.find((e) => e.partitionkey === caseId));
    // A later registration with consent is published after it: by then, this one would have been too.
    const later = await apply('clerk', {
      name: '吴秀珍',
      idNumber: id('34170219661126006'),
      consent: true,
    });
    await until('the later contact.shared', () => (sharedFor(later).length ? true : undefined));
    await new Promise((r) => setTimeout(r, 1500));
    expect(sharedFor(caseId)).toEqual([]);
    expect(JSON.stringify(shared)).not.toContain('13805662222');
  });
});
