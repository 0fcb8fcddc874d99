/**
 * Issue 11, finding 2, on assessment's side: a case shows the applicant's ID number masked to its first 3 and
 * last 2 characters beside the age on the day of registration, never the birth date, so `/cases` does not
 * rebuild to the number (more than 1,000 valid numbers fit what it shows). Registrations of both versions
 * come through Kafka: v2 as intake publishes now, and v1 as it published before (a birth date beside a mask
 * that hid only the birth date), which the topic still holds.
 */
import {
  ageInFullYears,
  buildEvent,
  checkCharacter,
  idNumberCandidates,
  maskResidentId,
  RequestRegisteredV1,
  topics,
} from '@carelink/contracts';
import { randomUUID } from 'node:crypto';
import { registration, startInProcess, until, type InProcess } from './in-process';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const LATEST_BIRTH = new Date().toISOString().slice(0, 10);

describe('cases show no ID number that rebuilds (issue 11, finding 2)', () => {
  let service: InProcess;
  const idNumber = '34170219470612003' + checkCharacter('34170219470612003');
  const v1CaseId = randomUUID();
  const v2CaseIds = [randomUUID(), randomUUID()];
  const registeredAt = new Date().toISOString();

  beforeAll(async () => {
    service = await startInProcess('masks');
    const { bus } = service.running.ctx;
    for (const [i, caseId] of v2CaseIds.entries())
      await bus.publish(topics.intakeRequests, registration(caseId, `CZ341702-2026-90010${i}`));
    await bus.publish(
      topics.intakeRequests,
      buildEvent(RequestRegisteredV1, {
        source: '/carelink/intake',
        key: v1CaseId,
        data: {
          caseId: v1CaseId,
          caseNumber: 'CZ341702-2026-900199',
          region: 'chizhou',
          channel: 'window',
          applicant: {
            personId: 'p_00000000000000000000000000000v1',
            name: '赵玉珍',
            idNumberMasked: `${idNumber.slice(0, 6)}********${idNumber.slice(14)}`,
            birthDate: '1947-06-12',
            sex: 'female',
          },
          household: [{ relation: '配偶', birthDate: '1945-02-02' }],
          address: { county: '341702', township: '341702001' },
          declaredGroups: ['tekun'],
          items: [{ itemCode: 'CZ-QJ-01' }],
          registeredAt,
          registeredBy: 'clerk',
          consent: { given: true, givenBy: 'applicant', recordedAt: registeredAt },
        },
      }),
    );
    for (const caseId of [...v2CaseIds, v1CaseId])
      await until(async () => ((await service.getCase(caseId)).status === 'open' ? true : undefined));
  });
  afterAll(() => service?.stop());

  const get = async (path: string) => {
    const r = await fetch(service.url(path), { headers: { authorization: `Bearer ${service.token}` } });
    expect(r.status).toBe(200);
    return (await r.json()) as Json;
  };

  /** What an onlooker of a case can rebuild: the mask against the county and the age on the opening day. */
  function expectCaseDoesNotRebuild(c: Json) {
    const text = JSON.stringify(c);
    expect(text).not.toMatch(/birthDate|"sex"/);
    expect(text).not.toContain('1947-06-12');
    expect(text).not.toContain('19470612');
    const left = idNumberCandidates(c.person.idNumberMasked, {
      addressCodes: [c.address.county],
      age: { years: c.person.ageAtRegistration, at: c.openedAt },
      latestBirthDate: LATEST_BIRTH,
    });
    expect(left).toBeGreaterThan(1000);
  }

  it('GET /cases and /cases/:id: more than 1,000 numbers fit the mask, the county and the age', async () => {
    const { items } = await get('/cases?limit=500');
    const ours = (items as Json[]).filter((c) => [...v2CaseIds, v1CaseId].includes(c.caseId));
    expect(ours).toHaveLength(3);
    for (const c of ours) {
      expectCaseDoesNotRebuild(c);
      expectCaseDoesNotRebuild(await get(`/cases/${c.caseId}`));
    }
    // The v1 registration opened its case as v2 would have: the age on the registration day, a 3+2 mask.
    const fromV1 = ours.find((c) => c.caseId === v1CaseId)!;
    expect(fromV1.person).toEqual({
      personId: 'p_00000000000000000000000000000v1',
      name: '赵玉珍',
      idNumberMasked: maskResidentId(idNumber),
      ageAtRegistration: ageInFullYears('1947-06-12', registeredAt),
    });
  });

  it('stores no birth date with the case', async () => {
    const stored = await service.running.ctx.connection
      .collection('cases')
      .find({ _id: { $in: [...v2CaseIds, v1CaseId] } as never })
      .toArray();
    expect(stored).toHaveLength(3);
    for (const { _outbox, ...fields } of stored) expect(JSON.stringify(fields)).not.toMatch(/birthDate|1947-06-12/);
  });
});
