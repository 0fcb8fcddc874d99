/**
 * Intake over HTTP on the real servers (in-process service): attachments in GridFS on the MongoDB-wire
 * server, and property-based fuzzing that no malformed application gets anything but a clear 4xx.
 */
import { issueStaffToken } from '@carelink/auth';
import { ageInFullYears, buildEvent, checkCharacter, EligibilityDecided, topics } from '@carelink/contracts';
import { type RunningService, issueLocalToken, staffTokenSigningKeyOf, startService } from '@carelink/service-host';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import fc from 'fast-check';
import { createConfig, type IntakeConfig } from '../src/config';
import { intakeService } from '../src/service';
import { PersonRepository } from '../src/data-access/person-repository';
import { FieldCipher } from '@carelink/store';

/** The local platform's staff signing key: the services under test check tokens with its public half. */
const staffSigningKey = staffTokenSigningKeyOf({ CARELINK_ENV: 'local' });

const id = (first17: string) => first17 + checkCharacter(first17);

/** Resolves once `check` gives something other than undefined; fails after `timeoutMs`. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 7)]);
const PDF = Buffer.from('%PDF-1.7\n%demo\n');

describe('intake over HTTP on the real servers', () => {
  let running: RunningService<IntakeConfig>;
  let clerk: string;
  let outsider: string;
  const runId = uniqueName('intake');

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
    const secret = staffSigningKey;
    clerk = await issueStaffToken(
      { sub: 'clerk-1', role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702001' },
      secret,
    );
    outsider = await issueStaffToken(
      { sub: 'clerk-2', role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702002' },
      secret,
    );
  });

  afterAll(async () => {
    await running?.ctx.connection.dropDatabase();
    await running?.stop();
  });

  const url = (path: string) => `http://127.0.0.1:${running.port}${path}`;
  const post = (path: string, token: string, body: unknown, contentType = 'application/json') =>
    fetch(url(path), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body: Buffer.isBuffer(body) ? body : typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('stores attachments in GridFS with type and size checks, and audits every read', async () => {
    const created = await post('/requests', clerk, {
      region: 'chizhou',
      channel: 'window',
      applicant: { name: '陈桂兰', idNumber: id('34170219440210004') },
      address: { township: '341702001' },
      declaredGroups: ['tekun'],
      items: ['CZ-QJ-01'],
      household: [{ name: '陈志强', relation: '儿子', idNumber: id('34170219700305001') }],
    });
    expect(created.status).toBe(201);
    const { caseId } = (await created.json()) as { caseId: string };
    // Household members' ID numbers are encrypted at rest and masked when read.
    const stored = await running.ctx.connection.collection('requests').findOne({ _id: caseId as never });
    expect(stored!.household[0].idNumberSealed).toMatch(/^v1\./);
    expect(JSON.stringify(stored)).not.toContain(id('34170219700305001'));
    const view = (await (
      await fetch(url(`/requests/${caseId}`), { headers: { authorization: `Bearer ${clerk}` } })
    ).json()) as { household: object[] };
    expect(view.household).toEqual([
      {
        name: '陈志强',
        relation: '儿子',
        idNumberMasked: `341*************${id('34170219700305001').slice(16)}`,
        ageAtRegistration: ageInFullYears('1970-03-05', new Date()),
      },
    ]);

    const uploaded = await post(`/requests/${caseId}/attachments?kind=id_card`, clerk, PNG, 'image/png');
    expect(uploaded.status).toBe(201);
    const info = (await uploaded.json()) as { attachmentId: string; size: number; contentType: string };
    expect(info).toMatchObject({ size: PNG.length, contentType: 'image/png' });
    expect(
      (await post(`/requests/${caseId}/attachments?kind=illness_certificate`, clerk, PDF, 'application/pdf')).status,
    ).toBe(201);

    // A text file pretending to be a photo, a voice note that is a PDF, an empty file, too large, an unknown kind.
    const fake = await post(`/requests/${caseId}/attachments?kind=id_card`, clerk, Buffer.from('hello'), 'image/jpeg');
    expect(fake.status).toBe(415);
    expect(((await fake.json()) as { code: string }).code).toBe('unsupported_file_type');
    expect((await post(`/requests/${caseId}/attachments?kind=voice_note`, clerk, PDF, 'audio/ogg')).status).toBe(415);
    expect(
      (await post(`/requests/${caseId}/attachments?kind=id_card`, clerk, Buffer.alloc(0), 'image/png')).status,
    ).toBe(400);
    const huge = await post(
      `/requests/${caseId}/attachments?kind=id_card`,
      clerk,
      Buffer.concat([PNG, Buffer.alloc(9 * 1024 * 1024)]),
      'image/png',
    );
    expect(huge.status).toBe(413);
    expect((await post(`/requests/${caseId}/attachments?kind=selfie`, clerk, PNG, 'image/png')).status).toBe(400);
    expect((await post(`/requests/${caseId}/attachments?kind=id_card`, outsider, PNG, 'image/png')).status).toBe(403);

    const list = (await (
      await fetch(url(`/requests/${caseId}/attachments`), { headers: { authorization: `Bearer ${clerk}` } })
    ).json()) as { items: { kind: string }[] };
    expect(list.items.map((i) => i.kind)).toEqual(['id_card', 'illness_certificate']);
    // The request read lists, per item, what the region requires and what is not attached yet (issue 15) …
    const withDocuments = (await (
      await fetch(url(`/requests/${caseId}`), { headers: { authorization: `Bearer ${clerk}` } })
    ).json()) as { documents: unknown };
    expect(withDocuments.documents).toEqual({
      items: [
        {
          itemCode: 'CZ-QJ-01',
          required: ['id_card', 'household_register', 'status_proof'],
          missing: ['household_register', 'status_proof'],
        },
      ],
      missing: ['household_register', 'status_proof'],
    });
    // … and each attachment is said on the requests topic (document.attached.v1), for the decision to check.
    let said = false;
    for (let i = 0; i < 100 && !said; i++) {
      said = (await running.ctx.metrics.registry.getSingleMetricAsString('carelink_events_published_total')).includes(
        'type="document.attached.v1"',
      );
      if (!said) await new Promise((r) => setTimeout(r, 100));
    }
    expect(said).toBe(true);
    const download = await fetch(url(`/attachments/${info.attachmentId}`), {
      headers: { authorization: `Bearer ${clerk}` },
    });
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
    expect(
      (await fetch(url(`/attachments/${info.attachmentId}`), { headers: { authorization: `Bearer ${outsider}` } }))
        .status,
    ).toBe(403);
    const audit = await running.ctx.connection
      .collection('audit_trail')
      .find({ subjectId: info.attachmentId })
      .toArray();
    expect(audit.map((a) => a.action)).toEqual(['create', 'read']);
  });

  it('merges items already open instead of opening them twice, even when requests race', async () => {
    const applicant = { name: '周德明', idNumber: id('34170219390811003') };
    const apply = (items: string[]) =>
      post('/requests', clerk, {
        region: 'chizhou',
        channel: 'chatbot',
        applicant,
        address: { township: '341702001' },
        declaredGroups: ['dibao'],
        items,
      });
    const answers = await Promise.all(Array.from({ length: 5 }, () => apply(['CZ-SH-01'])));
    const outcomes = (await Promise.all(answers.map((a) => a.json()))) as { status: string; caseNumber: string }[];
    expect(outcomes.filter((o) => o.status === 'registered')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'merged')).toHaveLength(4);
    expect(new Set(outcomes.map((o) => o.caseNumber)).size).toBe(1);

    const partly = (await (await apply(['CZ-SH-01', 'CZ-SH-02'])).json()) as {
      status: string;
      caseNumber: string;
      mergedItems: unknown[];
      acknowledgement: { zh: string };
    };
    expect(partly.status).toBe('registered');
    expect(partly.caseNumber).not.toBe(outcomes[0]!.caseNumber);
    expect(partly.mergedItems).toEqual([{ itemCode: 'CZ-SH-01', caseNumber: outcomes[0]!.caseNumber }]);
    expect(partly.acknowledgement.zh).toContain('已在办理中');
    const requests = await running.ctx.connection.collection('requests').find({ 'applicant.name': '周德明' }).toArray();
    expect(requests.map((r) => r.itemCodes).sort()).toEqual([['CZ-SH-01'], ['CZ-SH-02']]);
  });

  it('answers a retry with the same Idempotency-Key with the first registration, even when they race', async () => {
    const application = (idNumber: string) => ({
      region: 'chizhou',
      channel: 'ivr',
      applicant: { name: '吴秀珍', idNumber },
      address: { township: '341702001' },
      declaredGroups: ['dibao'],
      items: ['CZ-QJ-01'],
    });
    const withKey = (key: string, body: unknown) =>
      fetch(url('/requests'), {
        method: 'POST',
        headers: { authorization: `Bearer ${clerk}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      });
    const person = id('34170219420315006');
    const answers = await Promise.all(Array.from({ length: 3 }, () => withKey('call-7f3a-0001', application(person))));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    const outcomes = (await Promise.all(answers.map((a) => a.json()))) as {
      status: string;
      caseId: string;
      replayed?: boolean;
    }[];
    expect(new Set(outcomes.map((o) => o.caseId)).size).toBe(1);
    expect(outcomes.every((o) => o.status === 'registered')).toBe(true);
    expect(outcomes.filter((o) => o.replayed)).toHaveLength(2);
    expect(await running.ctx.connection.collection('requests').countDocuments({ 'applicant.name': '吴秀珍' })).toBe(1);

    // A new key is a new submission (here merged into the open request); the old key for another person is refused.
    expect((await withKey('call-7f3a-0002', application(person))).status).toBe(200);
    const reused = await withKey('call-7f3a-0001', application(id('34170219420315014')));
    expect(reused.status).toBe(422);
    expect(((await reused.json()) as { code: string }).code).toBe('idempotency_key_reused');
    expect((await withKey('no', application(person))).status).toBe(400);
  });
  it('answers any malformed application with a clear 4xx problem, never a crash (property)', async () => {
    const field = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string()), fc.object());
    const application = fc.record(
      {
        region: fc.oneof(fc.constantFrom('chizhou', 'changji', ''), field),
        channel: fc.oneof(fc.constantFrom('window', 'ivr', 'fax'), field),
        applicant: fc.oneof(
          fc.record(
            {
              name: fc.oneof(fc.string(), field),
              idNumber: fc.oneof(fc.stringMatching(/^\d{17}[\dX]$/), field),
              phone: fc.oneof(fc.string(), field),
            },
            { requiredKeys: [] },
          ),
          field,
        ),
        address: fc.oneof(
          fc.record(
            { township: fc.oneof(fc.constantFrom('341702001', '999999999'), field), village: field },
            { requiredKeys: [] },
          ),
          field,
        ),
        declaredGroups: fc.oneof(fc.array(fc.constantFrom('tekun', 'dibao', 'vip')), field),
        items: fc.oneof(fc.array(fc.constantFrom('CZ-QJ-01', 'CJ-SH-04', 'X')), field),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(application, async (body) => {
        const res = await post('/requests', clerk, body);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          const problem = (await res.json()) as { code: string; detail: string };
          expect(problem.code).toMatch(/^[a-z_]+$/);
          expect(problem.detail.length).toBeGreaterThan(0);
        } else await res.arrayBuffer();
      }),
      { numRuns: 150 },
    );
    // Not JSON at all.
    const garbage = await post('/requests', clerk, '{"region": "chizhou",', 'application/json');
    expect(garbage.status).toBe(400);
    expect(((await garbage.json()) as { code: string }).code).toBe('malformed_json');
  });

  it('tells a resident where their requests stand, found by phone in any form or by ID number with the code texted to the phone on file, audited', async () => {
    const bot = await issueLocalToken({
      sub: 'telegram-bot',
      role: 'channel_adapter',
      region: 'chizhou',
      jurisdiction: '3417',
    });
    const idNumber = id('34170219500101002');
    // The phone is given at the township window: the one confirmed phone of the file.
    const created = await post('/requests', clerk, {
      region: 'chizhou',
      channel: 'window',
      applicant: { name: '刘凤英', idNumber, phone: '13812345678' },
      address: { township: '341702001' },
      declaredGroups: ['dibao'],
      items: ['CZ-QJ-01'],
    });
    expect(created.status).toBe(201);
    const { caseId, caseNumber } = (await created.json()) as { caseId: string; caseNumber: string };
    // Assessment decides; intake follows the case from the topic, and the request is no longer open.
    const requests = running.ctx.connection.collection('requests');
    const stored = await requests.findOne({ _id: caseId as never });
    await running.ctx.bus.publish(
      topics.assessmentCases,
      buildEvent(EligibilityDecided, {
        source: '/carelink/assessment',
        key: caseId,
        data: {
          caseId,
          caseNumber,
          region: 'chizhou',
          packVersion: 'test',
          person: { personId: stored!.personId, name: '刘凤英' },
          address: stored!.address,
          items: [{ itemCode: 'CZ-QJ-01', approved: true, reason: '符合条件' }],
          consent: stored!.consent,
          decidedBy: 'township-1',
          decidedAt: new Date().toISOString(),
        },
      }),
    );
    const followed = await eventually('the decision followed', async () => {
      const r = await requests.findOne({ _id: caseId as never });
      return r?.status === 'decided' ? r : undefined;
    });
    expect(followed.progress).toMatchObject({ stage: 'approved', approvedItems: ['CZ-QJ-01'] });

    const cipher = new FieldCipher(running.ctx.config.PERSON_DATA_KEY, running.ctx.config.PERSON_INDEX_KEY);
    /** The code of the newest text to this phone in the SMS outbox (what a gateway delivers from), sealed there. */
    const textedCode = async (phone: string) => {
      const outbox = await running.ctx.connection.collection('sms_outbox').find().sort({ createdAt: -1 }).toArray();
      const text = outbox.find((t) => cipher.decrypt(t.toSealed) === phone);
      expect(JSON.stringify(outbox)).not.toContain(phone);
      return text ? /(\d{6})/.exec(cipher.decrypt(text.bodySealed))![1]! : '000000';
    };
    /** As the bot does it: ask for a code for the same phone or ID number, then look up with the code. */
    const lookup = async (query: string, token = bot) => {
      await fetch(url('/residents/lookup-codes'), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(Object.fromEntries(new URLSearchParams(query))),
      });
      const code = await textedCode('13812345678');
      const r = await fetch(url(`/residents/requests?${query}&code=${code}`), {
        headers: { authorization: `Bearer ${token}` },
      });
      return {
        status: r.status,
        body: (await r.json()) as {
          code?: string;
          person: { name: string } | null;
          requests: { caseId: string; caseNumber: string; status: { code: string; zh: string } }[];
        },
      };
    };
    // Files written before the phone index existed get it at start.
    const persons = new PersonRepository(running.ctx.connection, cipher);
    await running.ctx.connection
      .collection('persons')
      .updateMany({ phoneIndex: { $exists: true } }, { $unset: { phoneIndex: '' } });
    expect(await persons.indexPhones()).toBeGreaterThanOrEqual(1);
    expect(await persons.indexPhones()).toBe(0);
    const byPhone = await lookup(`phone=${encodeURIComponent('+86 138-1234-5678')}`);
    expect(byPhone.status).toBe(200);
    expect(byPhone.body.person?.name).toBe('刘凤英');
    expect(byPhone.body.requests).toHaveLength(1);
    expect(byPhone.body.requests[0]).toMatchObject({
      caseNumber,
      items: [{ itemCode: 'CZ-QJ-01', name: { zh: expect.any(String) } }],
      status: { code: 'approved', zh: '已批准，正在安排服务' },
    });
    expect((await lookup(`idNumber=${idNumber}`)).body.requests[0]!.caseId).toBe(caseId);
    // A phone on no file gets no code, so nothing.
    const unknown = await lookup('phone=13900000000');
    expect(unknown.status).toBe(403);
    expect(unknown.body.person).toBeUndefined();

    const neither = await lookup('limit=3');
    expect(neither.status).toBe(400);
    expect(neither.body.code).toBe('phone_or_id_number');
    expect((await lookup('idNumber=341702195001010020')).status).toBe(400);

    // Another region's adapter does not see Chizhou's residents.
    const otherRegion = await issueLocalToken({
      sub: 'bot-2',
      role: 'channel_adapter',
      region: 'changji',
      jurisdiction: '6523',
    });
    const elsewhere = await lookup(`idNumber=${idNumber}`, otherRegion);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.requests).toBeUndefined();

    const audited = await running.ctx.connection
      .collection('audit_trail')
      .find({ actor: 'telegram-bot', subjectType: 'person', action: 'read' })
      .toArray();
    expect(audited.length).toBeGreaterThanOrEqual(2);
  });

  it('records a register’s status change on the person’s file, with the groups held before, in one write', async () => {
    const county = await issueStaffToken(
      { sub: 'county-1', role: 'county_officer', region: 'chizhou', jurisdiction: '341702' },
      staffSigningKey,
    );
    const idNumber = id('34170219610708003');
    const report = (groups: string[]) =>
      post('/registry/status-changes', county, {
        region: 'chizhou',
        idNumber,
        name: '刘建国',
        township: '341702001',
        groups,
        effectiveFrom: '2026-11-01',
        source: '低保系统',
      });
    const first = await report(['dibao']);
    expect(first.status).toBe(201);
    const { personId, previousGroups } = (await first.json()) as { personId: string; previousGroups: string[] };
    expect(previousGroups).toEqual([]);
    const second = (await (await report([])).json()) as { groups: string[]; previousGroups: string[] };
    expect(second).toMatchObject({ personId, groups: [], previousGroups: ['dibao'] });

    // The file holds the ID number sealed, never in plain words.
    const file = await running.ctx.connection.collection('persons').findOne({ _id: personId as never });
    expect(file).toMatchObject({ name: '刘建国', assistance: { groups: [], source: '低保系统' } });
    expect(file!.idNumberSealed).toMatch(/^v1\./);
    expect(JSON.stringify(file)).not.toContain(idNumber);
    const read = await fetch(url(`/persons/${personId}`), { headers: { authorization: `Bearer ${county}` } });
    expect(read.status).toBe(403); // no request of this person within the caller's jurisdiction yet

    expect(
      (
        await post('/registry/status-changes', outsider, {
          region: 'chizhou',
          idNumber,
          name: '刘建国',
          township: '341702001',
          groups: [],
          effectiveFrom: '2026-11-01',
          source: '低保系统',
        })
      ).status,
    ).toBe(403);
  });
});
