/**
 * Issue 11, finding 2: a masked ID number must not rebuild to the number from what travels beside it. Every
 * request.registered event intake publishes here, and every request and person file as `/requests` and
 * `/persons` show them, is attacked the way an onlooker would: enumerate the hidden characters against the
 * GB 11643 rules (a real birth date, the MOD 11-2 check character) and the county on the record, narrowed
 * by the age shown. More than 1,000 numbers must remain each time, and no birth date may be there. Files and
 * requests stored before (birth date and sex in clear beside the sealed number, a mask that hid only the
 * birth date) lose them at start.
 */
import { issueStaffToken } from '@carelink/auth';
import { on } from '@carelink/bus';
import { checkCharacter, idNumberCandidates, maskResidentId, topics, type CloudEvent } from '@carelink/contracts';
import { type RunningService, issueLocalToken, staffTokenSigningKeyOf, startService } from '@carelink/service-host';
import { connectMongo, FieldCipher } from '@carelink/store';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import pino from 'pino';
import { createConfig, type IntakeConfig } from '../src/config';
import { PersonRepository } from '../src/data-access/person-repository';
import { intakeService } from '../src/service';

/** The local platform's staff signing key: the services under test check tokens with its public half. */
const staffSigningKey = staffTokenSigningKeyOf({ CARELINK_ENV: 'local' });

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const id = (first17: string) => first17 + checkCharacter(first17);
const LATEST_BIRTH = new Date().toISOString().slice(0, 10);
const MORE_THAN = 1000;

/** Numbers left to whoever sees a mask, the county and an age on a day (or no age). */
function guessesLeft(masked: string, county: string, age?: { years: number; at: string }): number {
  return idNumberCandidates(masked, { addressCodes: [county], latestBirthDate: LATEST_BIRTH, ...(age ? { age } : {}) });
}

/** Residents who apply here (ID numbers of 贵池区 341702), with their birth dates and household. */
const residents = [
  { name: '陈桂兰', birth: '1944-02-10', seq: '004', household: [{ name: '陈志强', birth: '1970-03-05', seq: '001' }] },
  { name: '周德明', birth: '1939-08-11', seq: '003', household: [] },
  { name: '吴秀珍', birth: '1966-11-26', seq: '006', household: [{ name: '吴小宝', birth: '2015-06-01', seq: '012' }] },
  { name: '刘凤英', birth: '1950-01-01', seq: '002', household: [] },
  { name: '马建华', birth: '2009-12-31', seq: '015', household: [] },
].map((r) => ({
  ...r,
  idNumber: id(`341702${r.birth.replace(/-/g, '')}${r.seq}`),
  household: r.household.map((m) => ({ ...m, idNumber: id(`341702${m.birth.replace(/-/g, '')}${m.seq}`) })),
}));
/** A resident filed before masks were cut to 3+2, as such files and requests were stored. */
const earlier = { name: '孙长林', birth: '1941-09-09', idNumber: id('34170219410909035') };
const earlierSpouse = { birth: '1943-03-03', idNumber: id('34170219430303022') };
const everyBirthDate = [
  ...residents.flatMap((r) => [r.birth, ...r.household.map((m) => m.birth)]),
  earlier.birth,
  earlierSpouse.birth,
];

/** No birth date, in any spelling, and no field that names one or the sex. */
function expectNoBirthDate(what: unknown) {
  const text = JSON.stringify(what);
  expect(text).not.toMatch(/birthDate|"sex"|"male"|"female"/);
  for (const birth of everyBirthDate) {
    expect(text).not.toContain(birth);
    expect(text).not.toContain(birth.replace(/-/g, ''));
  }
}

describe('masked ID numbers do not rebuild (issue 11, finding 2)', () => {
  let running: RunningService<IntakeConfig>;
  let clerk: string;
  const runId = uniqueName('masks');
  const events: CloudEvent[] = [];
  const earlierCaseId = '0192f3a4-5b6c-7d8e-9f00-0000000000e1';
  let earlierPersonId: string;

  beforeAll(async () => {
    const servers = await testServers();
    const config = createConfig({
      CARELINK_ENV: 'local',
      PORT: '0',
      MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_intake`),
      ...kafkaEnv(servers),
      KAFKA_TOPIC_PREFIX: `${runId}.`,
      REDIS_URL: servers.redisUrl,
      JOBS_PREFIX: runId,
      LOG_LEVEL: 'silent',
    });
    // Before this start: a file and a request as they were stored with the birth date beside the seal.
    const cipher = new FieldCipher(config.PERSON_DATA_KEY, config.PERSON_INDEX_KEY);
    const before = await connectMongo(config.MONGO_URL, pino({ level: 'silent' }), 2);
    earlierPersonId = new PersonRepository(before, cipher).personIdOf(earlier.idNumber);
    const oldMask = (n: string) => `${n.slice(0, 6)}********${n.slice(14)}`;
    await before.collection('persons').insertOne({
      _id: earlierPersonId as never,
      region: 'chizhou',
      name: earlier.name,
      idNumberSealed: cipher.encrypt(earlier.idNumber),
      idNumberMasked: oldMask(earlier.idNumber),
      birthDate: earlier.birth,
      sex: 'male',
      updatedAt: new Date(),
    });
    const registeredAt = new Date('2026-03-10T08:00:00.000Z');
    await before.collection('requests').insertOne({
      _id: earlierCaseId as never,
      caseNumber: 'CZ341702-2026-000900',
      region: 'chizhou',
      channel: 'window',
      personId: earlierPersonId,
      applicant: {
        name: earlier.name,
        idNumberMasked: oldMask(earlier.idNumber),
        birthDate: earlier.birth,
        sex: 'male',
      },
      household: [
        {
          name: '孙大娘',
          relation: '配偶',
          idNumberSealed: cipher.encrypt(earlierSpouse.idNumber),
          idNumberMasked: oldMask(earlierSpouse.idNumber),
          birthDate: earlierSpouse.birth,
        },
      ],
      address: { county: '341702', township: '341702001' },
      declaredGroups: ['tekun'],
      declaredConditions: [],
      itemCodes: ['CZ-QJ-01'],
      status: 'registered',
      registeredAt,
      registeredBy: 'clerk',
      consent: { given: true, givenBy: 'applicant', recordedAt: registeredAt.toISOString() },
    });
    await before.close();

    running = await startService(intakeService, config);
    clerk = await issueStaffToken(
      { sub: 'clerk-1', role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702001' },
      staffSigningKey,
    );
    const record = async (event: CloudEvent) => void events.push(event);
    await running.ctx.bus.consume(
      'intake-test-mask-observer',
      [
        on(topics.intakeRequests, {
          'request.registered.v1': record,
          'request.registered.v2': record,
          'request.registered.v3': record,
        }),
      ],
      { seen: async () => false, remember: async () => undefined },
    );
    const bot = await issueLocalToken({
      sub: 'telegram-bot',
      role: 'channel_adapter',
      region: 'chizhou',
      jurisdiction: '3417',
    });
    for (const [i, r] of residents.entries()) {
      const answer = await fetch(url('/requests'), {
        method: 'POST',
        headers: { authorization: `Bearer ${i % 2 ? bot : clerk}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          region: 'chizhou',
          channel: i % 2 ? 'chatbot' : 'window',
          applicant: { name: r.name, idNumber: r.idNumber },
          household: r.household.map((m) => ({ name: m.name, relation: '家庭成员', idNumber: m.idNumber })),
          address: { township: '341702001' },
          declaredGroups: ['dibao'],
          items: ['CZ-QJ-01'],
        }),
      });
      expect(answer.status).toBe(201);
    }
  });

  afterAll(async () => {
    await running?.ctx.connection.dropDatabase();
    await running?.stop();
  });

  const url = (path: string) => `http://127.0.0.1:${running.port}${path}`;
  const get = async (path: string) => {
    const r = await fetch(url(path), { headers: { authorization: `Bearer ${clerk}` } });
    expect(r.status).toBe(200);
    return (await r.json()) as Json;
  };

  /** A request as a view shows it: the applicant's and each household member's mask, beside county and age. */
  function expectRequestDoesNotRebuild(r: Json) {
    expectNoBirthDate(r);
    const at = String(r.registeredAt);
    const county = String(r.address.county);
    expect(
      guessesLeft(r.applicant.idNumberMasked, county, { years: r.applicant.ageAtRegistration, at }),
    ).toBeGreaterThan(MORE_THAN);
    // A list's rows leave the household out; the request read alone has it.
    for (const m of (r.household ?? []) as Json[])
      if (m.idNumberMasked)
        expect(guessesLeft(m.idNumberMasked, county, { years: m.ageAtRegistration, at })).toBeGreaterThan(MORE_THAN);
  }

  it('request.registered: more than 1,000 numbers fit the mask, the county and the age; no birth date', async () => {
    const deadline = Date.now() + 20_000;
    while (events.length < residents.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(events).toHaveLength(residents.length);
    for (const event of events) {
      expect(event.type).toBe('request.registered.v3');
      const data = event.data as Json;
      expectNoBirthDate(data);
      const resident = residents.find((r) => r.name === data.applicant.name)!;
      const left = guessesLeft(data.applicant.idNumberMasked, data.address.county, {
        years: data.applicant.ageAtRegistration,
        at: data.registeredAt,
      });
      expect(left).toBeGreaterThan(MORE_THAN);
      // The onlooker's model is right: the real number fits, and beside its birth date it would rebuild.
      const withBirthDate = idNumberCandidates(data.applicant.idNumberMasked, {
        addressCodes: [data.address.county],
        birthDate: resident.birth,
        latestBirthDate: LATEST_BIRTH,
      });
      expect(withBirthDate).toBeGreaterThanOrEqual(1);
      expect(withBirthDate).toBeLessThan(20);
      expect(data.applicant.idNumberMasked).toBe(maskResidentId(resident.idNumber));
    }
  });

  it('GET /requests and /requests/:id: the same, for applicants and household members', async () => {
    const { items } = await get('/requests?limit=500');
    expect(items).toHaveLength(residents.length + 1);
    for (const r of items as Json[]) {
      expectRequestDoesNotRebuild(r);
      expectRequestDoesNotRebuild(await get(`/requests/${r.caseId}`));
    }
    // The request stored with birth dates shows the ages on its registration day, and 3+2 masks.
    const old = (items as Json[]).find((r) => r.caseId === earlierCaseId)!;
    expect(old.applicant).toEqual({
      name: earlier.name,
      idNumberMasked: maskResidentId(earlier.idNumber),
      ageAtRegistration: 84,
    });
    expect((await get(`/requests/${earlierCaseId}`)).household).toEqual([
      {
        name: '孙大娘',
        relation: '配偶',
        idNumberMasked: maskResidentId(earlierSpouse.idNumber),
        ageAtRegistration: 83,
      },
    ]);
  });

  it('GET /persons/:id: the file shows the mask with nothing derived from the number beside it', async () => {
    const { items } = await get('/requests?limit=500');
    for (const personId of new Set((items as Json[]).map((r) => String(r.personId)))) {
      const file = await get(`/persons/${personId}`);
      expectNoBirthDate(file);
      expect(guessesLeft(file.idNumberMasked, '341702')).toBeGreaterThan(MORE_THAN);
      for (const r of file.requests as Json[]) expectRequestDoesNotRebuild(r);
    }
    expect((await get(`/persons/${earlierPersonId}`)).idNumberMasked).toBe(maskResidentId(earlier.idNumber));
  });

  it('stores nothing derivable in clear beside the sealed numbers', async () => {
    const db = running.ctx.connection;
    const persons = await db.collection('persons').find({}).toArray();
    const requests = await db.collection('requests').find({}).toArray();
    expect(persons).toHaveLength(residents.length + 1);
    expect(requests).toHaveLength(residents.length + 1);
    for (const stored of [...persons, ...requests]) {
      const { _outbox, ...fields } = stored;
      expectNoBirthDate(fields);
    }
    for (const p of persons) expect(p.idNumberMasked).toMatch(/^341\*{13}[\dX]{2}$/);
  });
});
