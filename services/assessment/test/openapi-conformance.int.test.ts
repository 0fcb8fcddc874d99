/**
 * Real answers of assessment (in-process on Kafka, FerretDB and Redis) held to its generated OpenAPI document
 * (docs/openapi/assessment.json): every problem answer — 400, 404, 409 and the 422s — is Problem Details whose
 * `errors` is the list the schema says, and every body sent fits the route's request schema. On the way: a
 * person who declared no assistance status is found eligible by the investigation's check of the registers
 * (主动发现), a decision without the required documents is refused until a reason is given, and the reason is
 * kept with the decision and in the audit trail (issue 15).
 */
import { on } from '@carelink/bus';
import { buildEvent, DocumentAttached, RequestRegistered, topics, type PersonCircumstances } from '@carelink/contracts';
import { OpenApiConformance, type Exchange } from '@carelink/test-servers';
import { randomUUID } from 'node:crypto';
import { startInProcess, until, type InProcess } from './in-process';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- API answers, checked field by field

const openapi = OpenApiConformance.of('assessment');

describe('assessment answers as its OpenAPI document says (real servers)', () => {
  let service: InProcess;
  const caseId = randomUUID();
  const exchanges: Exchange[] = [];

  /** Sends as the township caseworker (clerk-9 of 341702001), keeps the exchange for the document check. */
  const send = async (method: 'get' | 'post', route: string, path: string, body?: unknown) => {
    const res = await fetch(service.url(path), {
      method: method.toUpperCase(),
      headers: {
        authorization: `Bearer ${service.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const exchange = await OpenApiConformance.exchange({ method, route }, res, body);
    exchanges.push(exchange);
    return { status: exchange.status, body: exchange.body as Json };
  };

  /** The circumstances of each eligibility.decided.v2 that went over the broker, by case. */
  const decidedCircumstances = new Map<string, PersonCircumstances | undefined>();

  beforeAll(async () => {
    service = await startInProcess('assessment-openapi');
    const memory = new Set<string>();
    await service.running.ctx.bus.consume(
      'test-observer',
      [
        on(topics.assessmentCases, {
          'eligibility.decided.v2': async (event) =>
            void decidedCircumstances.set(event.data.caseId, event.data.circumstances),
        }),
      ],
      { seen: async (g, id) => memory.has(`${g}/${id}`), remember: async (g, id) => void memory.add(`${g}/${id}`) },
    );
    // Found by the village coordinator: declares no assistance status.
    await service.running.ctx.bus.publish(
      topics.intakeRequests,
      buildEvent(RequestRegistered, {
        source: '/test',
        key: caseId,
        data: {
          caseId,
          caseNumber: 'CZ341702-2026-930001',
          region: 'chizhou',
          channel: 'proactive',
          applicant: {
            personId: 'p_0123456789abcdef',
            name: '赵大爷',
            idNumberMasked: '341*************1X',
            ageAtRegistration: 71,
          },
          address: { county: '341702', township: '341702001' },
          declaredGroups: [],
          declaredStatus: 'none',
          items: [{ itemCode: 'CZ-QJ-01' }],
          registeredAt: new Date().toISOString(),
          registeredBy: 'coordinator',
          consent: { given: true, givenBy: 'applicant', recordedAt: new Date().toISOString() },
        },
      }),
    );
    await until(async () => ((await service.getCase(caseId)).status === 'open' ? true : undefined));
  }, 120_000);
  afterAll(() => service?.stop());

  const investigation = (verifiedStatuses: unknown[]) => ({
    household: { members: 1, livingAlone: true },
    difficulty: { types: ['行动不便'], degree: 'moderate' },
    carer: 'absent',
    illnesses: [],
    needs: [{ kind: 'common', category: 'cleaning', itemCode: 'CZ-QJ-01', description: '每周上门清洁两次' }],
    verifiedStatuses,
  });

  it('verifies, refuses and decides as the document says, errors always a list', async () => {
    const team = '/cases/{caseId}/investigation-team';
    const bad = await send('post', team, `/cases/${caseId}/investigation-team`, { team: [{ staffId: 'x' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_request');
    expect(Array.isArray(bad.body.errors)).toBe(true);
    const assigned = await send('post', team, `/cases/${caseId}/investigation-team`, {
      team: [
        { staffId: 'clerk-9', name: '王', office: '341702001' },
        { staffId: 'coordinator-1', name: '李', office: '341702001201' },
      ],
    });
    expect(assigned.status).toBe(201);

    const record = '/cases/{caseId}/investigation';
    const wrongRegister = await send(
      'post',
      record,
      `/cases/${caseId}/investigation`,
      investigation([{ status: 'dibao', register: 'tekun_register', documentRef: '低保证 341702-2025-0012' }]),
    );
    expect(wrongRegister.status).toBe(400);
    expect(wrongRegister.body).toMatchObject({
      code: 'register_does_not_hold_status',
      errors: [{ path: 'verifiedStatuses.0.register', code: 'register_does_not_hold_status' }],
    });
    const recorded = await send(
      'post',
      record,
      `/cases/${caseId}/investigation`,
      investigation([{ status: 'dibao', register: 'dibao_register', documentRef: '低保证 341702-2025-0012' }]),
    );
    expect(recorded.status).toBe(201);
    // Who looks after him and the illnesses that rule out collective care are kept with the findings.
    expect((await service.getCase(caseId)).investigation.result).toMatchObject({ carer: 'absent', illnesses: [] });

    // The explanation: declared none, verified 低保 against the civil-affairs register; what is not on file.
    const eligibility = await send('get', '/cases/{caseId}/eligibility', `/cases/${caseId}/eligibility`);
    expect(eligibility.status).toBe(200);
    expect(eligibility.body.assistanceStatus).toMatchObject({
      basis: 'verified',
      groups: ['dibao'],
      declared: { status: 'none', groups: [] },
      explanation:
        '申报：无救助身份；入户调查核实：低保对象（民政低保信息系统，低保证 341702-2025-0012）（按核实认定）',
    });
    expect(eligibility.body.items).toEqual([
      expect.objectContaining({
        itemCode: 'CZ-QJ-01',
        eligible: true,
        documents: {
          required: ['id_card', 'household_register', 'status_proof'],
          missing: ['id_card', 'household_register', 'status_proof'],
        },
      }),
    ]);

    // The ID card arrives (intake says so on the requests topic); the rest are still missing.
    await service.running.ctx.bus.publish(
      topics.intakeRequests,
      buildEvent(DocumentAttached, {
        source: '/test',
        key: caseId,
        data: {
          caseId,
          caseNumber: 'CZ341702-2026-930001',
          region: 'chizhou',
          township: '341702001',
          attachmentId: '65a1b2c3d4e5f60718293a4b',
          kind: 'id_card',
          attachedBy: 'clerk-9',
          attachedAt: new Date().toISOString(),
        },
      }),
    );
    await until(async () => ((await service.getCase(caseId)).documents?.length === 1 ? true : undefined));

    const decisions = '/cases/{caseId}/decisions';
    const approve = { items: [{ itemCode: 'CZ-QJ-01', approve: true }] };
    const lacking = await send('post', decisions, `/cases/${caseId}/decisions`, approve);
    expect(lacking.status).toBe(422);
    expect(lacking.body).toMatchObject({
      code: 'documents_missing',
      detailZh: expect.stringContaining('户口本、社会救助对象相关证明'),
      errors: [{ itemCode: 'CZ-QJ-01', code: 'documents_missing', documents: ['household_register', 'status_proof'] }],
    });
    const decided = await send('post', decisions, `/cases/${caseId}/decisions`, {
      ...approve,
      missingDocumentsReason: '低保证原件已入户查验，户口本复印件下周补交',
    });
    expect(decided.status).toBe(201);
    expect(decided.body.status).toBe('decided');
    expect(decided.body.decisions[0]).toMatchObject({
      items: [{ itemCode: 'CZ-QJ-01', approved: true }],
      missingDocuments: {
        items: [{ itemCode: 'CZ-QJ-01', documents: ['household_register', 'status_proof'] }],
        reason: '低保证原件已入户查验，户口本复印件下周补交',
      },
    });
    const audited = await service.running.ctx.connection
      .collection('audit_trail')
      .find({ subjectType: 'case', subjectId: caseId, action: 'update' })
      .toArray();
    expect(audited).toEqual([
      expect.objectContaining({
        actor: 'clerk-9',
        purpose: expect.stringContaining('低保证原件已入户查验，户口本复印件下周补交'),
      }),
    ]);

    // The decision that went over the broker carries what the investigation found, delivery modes are chosen by.
    expect(await until(async () => decidedCircumstances.get(caseId))).toEqual({
      age: 71,
      groups: ['dibao'],
      conditions: [],
      livingAlone: true,
      carer: 'absent',
      illnesses: [],
    });

    const again = await send('post', decisions, `/cases/${caseId}/decisions`, approve);
    expect(again.status).toBe(409);
    expect((await send('get', '/cases/{caseId}', `/cases/${randomUUID()}`)).status).toBe(404);
  });

  it('refuses an item the rules do not allow with a 422 whose errors are a list naming the item', async () => {
    const otherCase = randomUUID();
    await service.running.ctx.bus.publish(
      topics.intakeRequests,
      buildEvent(RequestRegistered, {
        source: '/test',
        key: otherCase,
        data: {
          caseId: otherCase,
          caseNumber: 'CZ341702-2026-930002',
          region: 'chizhou',
          channel: 'window',
          applicant: {
            personId: 'p_fedcba9876543210',
            name: '钱阿姨',
            idNumberMasked: '341*************2X',
            ageAtRegistration: 68,
          },
          address: { county: '341702', township: '341702001' },
          declaredGroups: ['tekun'],
          declaredStatus: 'declared',
          items: [{ itemCode: 'CZ-QJ-01' }],
          registeredAt: new Date().toISOString(),
          registeredBy: 'clerk-9',
          consent: { given: true, givenBy: 'applicant', recordedAt: new Date().toISOString() },
        },
      }),
    );
    await until(async () => ((await service.getCase(otherCase)).status === 'open' ? true : undefined));
    await send('post', '/cases/{caseId}/investigation-team', `/cases/${otherCase}/investigation-team`, {
      team: [
        { staffId: 'clerk-9', name: '王', office: '341702001' },
        { staffId: 'coordinator-1', name: '李', office: '341702001201' },
      ],
    });
    // The registers were checked and confirm no status: the declared 特困 does not count.
    const recorded = await send(
      'post',
      '/cases/{caseId}/investigation',
      `/cases/${otherCase}/investigation`,
      investigation([]),
    );
    expect(recorded.status).toBe(201);
    const refused = await send('post', '/cases/{caseId}/decisions', `/cases/${otherCase}/decisions`, {
      items: [{ itemCode: 'CZ-QJ-01', approve: true }],
      missingDocumentsReason: '原件已查验',
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'not_eligible',
      errors: [{ itemCode: 'CZ-QJ-01', code: 'not_eligible', outcomes: expect.any(Array) }],
    });
  });

  it('every exchange fits the document, and the check finds an answer that does not', () => {
    expect(exchanges.length).toBeGreaterThanOrEqual(12);
    expect(exchanges.some((e) => e.status === 422)).toBe(true);
    expect(exchanges.flatMap((e) => openapi.violations(e))).toEqual([]);
    // The check can fail: `errors` as an object (what a 422 used to answer) breaks the Problem schema.
    const refusal = exchanges.find((e) => e.status === 422)!;
    const asObject = { ...refusal, body: { ...(refusal.body as object), errors: { itemCode: 'CZ-QJ-01' } } };
    expect(openapi.violations(asObject)).toEqual([
      'POST /cases/{caseId}/decisions → 422: the answer /errors must be array',
    ]);
    expect(openapi.violations({ ...refusal, contentType: 'application/json' })[0]).toContain(
      'declared application/problem+json',
    );
    // A body the service refused as malformed must be one the document refuses too.
    const malformed = exchanges.find((e) => e.status === 400 && (e.body as Json).code === 'invalid_request')!;
    expect(openapi.violations({ ...malformed, requestBody: { team: [] } })).toEqual([]);
    expect(
      openapi.violations({
        ...malformed,
        requestBody: {
          team: [
            { staffId: 'a', name: '王', office: '341702001' },
            { staffId: 'b', name: '李', office: '341702001201' },
          ],
        },
      }),
    ).toEqual([
      'POST /cases/{caseId}/investigation-team → 400: refused as invalid_request a body the document accepts',
    ]);
    expect(openapi.violations({ ...refusal, route: '/nowhere' })).toEqual([
      'POST /nowhere → 422: the route is not in the document',
    ]);
  });
});
