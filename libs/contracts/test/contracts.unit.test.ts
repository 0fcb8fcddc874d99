import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  allTopics,
  buildEvent,
  cloudEventEnvelope,
  derivedEventId,
  type EventInput,
  phoneNumber,
  RequestRegistered,
  requestRegisteredFromV1,
  requestRegisteredFromV2,
  RequestRegisteredV1,
  RequestRegisteredV2,
  SettlementAccrued,
} from '../src';

const registered: EventInput<typeof RequestRegistered> = {
  caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
  caseNumber: 'CZ-341702-2026-000001',
  region: 'chizhou',
  channel: 'window',
  applicant: {
    personId: 'p_0123456789abcdef',
    name: '张三',
    idNumberMasked: '341*************11',
    ageAtRegistration: 76,
  },
  address: { county: '341702', township: '341702001' },
  declaredGroups: ['tekun'],
  items: [{ itemCode: 'CZ-LC-01' }],
  registeredAt: '2026-11-25T08:00:00.000Z',
  registeredBy: 'staff-1',
  consent: { given: true, givenBy: 'applicant', recordedAt: '2026-11-25T08:00:00.000Z' },
};

describe('event contracts', () => {
  it('builds a CloudEvents 1.0 envelope keyed by the case id', () => {
    const event = buildEvent(RequestRegistered, {
      source: '/carelink/intake',
      key: registered.caseId,
      data: registered,
    });
    expect(cloudEventEnvelope.parse(event)).toMatchObject({
      specversion: '1.0',
      type: 'request.registered.v3',
      partitionkey: registered.caseId,
      subject: registered.caseId,
      datacontenttype: 'application/json',
    });
  });

  it('refuses data that does not match the schema', () => {
    expect(() =>
      buildEvent(RequestRegistered, { source: '/x', key: 'k', data: { ...registered, items: [] } as never }),
    ).toThrow();
  });

  it('refuses a registration whose mask keeps more than the first 3 and last 2 characters', () => {
    const applicant = { ...registered.applicant, idNumberMasked: '341702********0011' };
    expect(() => buildEvent(RequestRegistered, { source: '/x', key: 'k', data: { ...registered, applicant } })).toThrow(
      /first 3 and last 2/,
    );
    expect(RequestRegistered.schema.safeParse({ ...registered, birthDate: '1950-01-01' }).data).not.toHaveProperty(
      'birthDate',
    );
  });

  it('reads a v1 registration (history) as v2: the mask cut down, ages on the China registration day, no birth date', () => {
    const v1 = buildEvent(RequestRegisteredV1, {
      source: '/carelink/intake',
      key: registered.caseId,
      id: '0192f3a4-5b6c-7d8e-9f00-aabbccddeeff',
      data: {
        ...registered,
        applicant: {
          personId: 'p_0123456789abcdef',
          name: '张三',
          idNumberMasked: '341702********0011',
          birthDate: '1950-11-26',
          sex: 'male',
        },
        household: [{ relation: '配偶', birthDate: '1952-03-01' }, { relation: '孙子' }],
        // 00:30 on 26 November in China: the applicant turned 76 that day.
        registeredAt: '2026-11-25T16:30:00.000Z',
      },
    });
    const v2 = requestRegisteredFromV1(v1);
    expect(RequestRegisteredV2.schema.parse(v2.data)).toEqual(v2.data);
    expect(v2).toMatchObject({
      id: v1.id,
      time: v1.time,
      partitionkey: v1.partitionkey,
      type: 'request.registered.v2',
    });
    expect(v2.data.applicant).toEqual({
      personId: 'p_0123456789abcdef',
      name: '张三',
      idNumberMasked: '341*************11',
      ageAtRegistration: 76,
    });
    expect(v2.data.household).toEqual([{ relation: '配偶', ageAtRegistration: 74 }, { relation: '孙子' }]);
    expect(JSON.stringify(v2)).not.toMatch(/birthDate|1950|1952|"sex"/);
  });

  it('v3 takes a registration whose applicant declares no assistance status, or is not sure; v2 did not', () => {
    for (const declaredStatus of ['none', 'not_sure'] as const) {
      const data = { ...registered, declaredGroups: [], declaredStatus };
      expect(buildEvent(RequestRegistered, { source: '/x', key: 'k', data }).data).toMatchObject({
        declaredGroups: [],
        declaredStatus,
      });
      expect(RequestRegisteredV2.schema.safeParse(data).success).toBe(false);
    }
    // A producer naming statuses may leave the declaration out: it is `declared`.
    expect(RequestRegistered.schema.parse(registered).declaredStatus).toBe('declared');
  });

  it('v3 refuses a declaration that contradicts the statuses named', () => {
    const bad = [
      { declaredGroups: [], declaredStatus: 'declared' },
      { declaredGroups: [], declaredStatus: undefined },
      { declaredGroups: ['dibao'], declaredStatus: 'none' },
      { declaredGroups: ['tekun'], declaredStatus: 'not_sure' },
    ];
    for (const d of bad) expect(RequestRegistered.schema.safeParse({ ...registered, ...d }).success).toBe(false);
  });

  it('reads a v2 registration (history) as v3: it named its statuses', () => {
    const v2 = buildEvent(RequestRegisteredV2, {
      source: '/carelink/intake',
      key: registered.caseId,
      data: registered,
    });
    const v3 = requestRegisteredFromV2(v2);
    expect(v3).toMatchObject({
      id: v2.id,
      time: v2.time,
      partitionkey: v2.partitionkey,
      type: 'request.registered.v3',
    });
    expect(v3.data).toEqual({ ...v2.data, declaredStatus: 'declared' });
    expect(RequestRegistered.schema.parse(v3.data)).toEqual(v3.data);
  });

  it('keeps money in integer fen', () => {
    const base = {
      accrualId: 'a',
      visitId: 'v',
      caseId: registered.caseId,
      region: 'chizhou',
      township: '341702001',
      providerId: 'p',
      month: '2026-11',
      itemCode: 'i',
      units: 2,
      unitFeeFen: 3000,
      amountFen: 6000,
      packVersion: '1',
    };
    expect(SettlementAccrued.schema.safeParse(base).success).toBe(true);
    expect(SettlementAccrued.schema.safeParse({ ...base, amountFen: 60.5 }).success).toBe(false);
  });

  it('derives the same event id from the same cause', () => {
    expect(derivedEventId('a', 'b')).toBe(derivedEventId('a', 'b'));
    expect(derivedEventId('a', 'b')).not.toBe(derivedEventId('a', 'c'));
  });

  it('validates mainland phone numbers', () => {
    expect(phoneNumber.safeParse('138 0013 8000').success).toBe(true);
    expect(phoneNumber.safeParse('0566-2212349').success).toBe(true);
    expect(phoneNumber.safeParse('12345').success).toBe(false);
  });

  it('names every topic and event type once', () => {
    const names = allTopics.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    const types = allTopics.flatMap((t) => t.events.map((e) => e.type));
    expect(new Set(types).size).toBe(types.length);
  });

  it('has a committed AsyncAPI document that matches the registry', () => {
    expect(() =>
      execFileSync('npx', ['tsx', join(__dirname, '../scripts/generate-asyncapi.ts'), '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });
});
