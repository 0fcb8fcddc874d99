/**
 * Least privilege and audit of cases on the real servers (assessment in-process on Kafka, FerretDB, Redis): what
 * a hotline operator reads of a case, that every read of a case is audited, and who reads the audit trail.
 */
import { issueStaffToken, type StaffPrincipal } from '@carelink/auth';
import { topics } from '@carelink/contracts';
import { randomUUID } from 'node:crypto';
import { registration, startInProcess, until, type InProcess } from './in-process';
import { staffTokenSigningKeyOf } from '@carelink/service-host';

/** The local platform's staff signing key: the services under test check tokens with its public half. */
const staffSigningKey = staffTokenSigningKeyOf({ CARELINK_ENV: 'local' });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of the API, checked field by field
type Json = any;

describe('who reads what of a case, and the audit trail of those reads', () => {
  let service: InProcess;
  const caseId = randomUUID();
  const tokens: Record<string, string> = {};

  const as = (who: string, path: string) =>
    fetch(service.url(path), { headers: { authorization: `Bearer ${tokens[who]}` } });

  beforeAll(async () => {
    service = await startInProcess('access');
    const issue = (p: Omit<StaffPrincipal, 'region'>) => issueStaffToken({ ...p, region: 'chizhou' }, staffSigningKey);
    tokens.operator = await issue({ sub: 'op-1', role: 'hotline_operator', jurisdiction: '34' });
    tokens.county = await issue({ sub: 'officer-1', role: 'county_officer', jurisdiction: '341702' });
    tokens.otherCounty = await issue({ sub: 'officer-2', role: 'county_officer', jurisdiction: '341721' });
    tokens.township = service.token;

    // A case with declared conditions, then a home investigation that verified one and recorded needs.
    const registered = registration(caseId, 'CZ341702-2026-910001');
    (registered.data as { declaredConditions: string[] }).declaredConditions = ['seriously_ill'];
    await service.running.ctx.bus.publish(topics.intakeRequests, registered);
    await until(async () => ((await service.getCase(caseId)).status === 'open' ? true : undefined));
    const team = await service.post(`/cases/${caseId}/investigation-team`, {
      team: [
        { staffId: 'clerk-9', name: '王', office: '341702001' },
        { staffId: 'c-2', name: '李', office: '341702001201' },
      ],
    });
    expect(team.status).toBe(201);
    const recorded = await service.post(`/cases/${caseId}/investigation`, {
      household: { members: 1, livingAlone: true, monthlyIncomeFen: 50000 },
      difficulty: { types: ['重病'], degree: 'severe' },
      carer: 'present',
      illnesses: [],
      needs: [{ kind: 'individual', category: 'medical_escort', description: '每周陪同透析' }],
      verifiedConditions: ['seriously_ill'],
    });
    expect(recorded.status).toBe(201);
  });
  afterAll(() => service?.stop());

  it('gives a hotline operator the case number, place, status and name, never health data', async () => {
    const full: Json = await (await as('township', `/cases/${caseId}`)).json();
    expect(full.declaredConditions).toEqual(['seriously_ill']);
    expect(full.investigation.result.verifiedConditions).toContain('seriously_ill');

    const seen = await as('operator', `/cases/${caseId}`);
    expect(seen.status).toBe(200);
    const c: Json = await seen.json();
    expect(c).toMatchObject({
      caseId,
      caseNumber: 'CZ341702-2026-910001',
      status: 'investigated',
      person: { name: '测试' },
      address: { township: '341702001' },
    });
    expect(Object.keys(c.person).sort()).toEqual(['name', 'personId']);
    for (const field of ['declaredConditions', 'declaredGroups', 'investigation', 'decisions', 'consent'])
      expect(c).not.toHaveProperty(field);
    expect(JSON.stringify(c)).not.toMatch(/seriously_ill|透析|monthlyIncomeFen|idNumber/);

    // Nor through the list, nor through the rule-by-rule explanation (which says which conditions hold).
    const list: Json = await (await as('operator', '/cases?limit=50')).json();
    const listed = list.items.find((i: Json) => i.caseId === caseId);
    expect(listed).toMatchObject({ caseId, status: 'investigated' });
    expect(JSON.stringify(list)).not.toMatch(/seriously_ill|透析|declaredConditions|investigation/);
    const explained = await as('operator', `/cases/${caseId}/eligibility`);
    expect(explained.status).toBe(403);
    expect(((await explained.json()) as Json).code).toBe('role_not_allowed');
  });

  it('audits every read of a case: who, in which role, which case; a list in one entry naming its cases', async () => {
    const trail = service.running.ctx.connection.collection('audit_trail');
    const before = await trail.countDocuments({ actor: 'op-1', subjectIds: caseId });
    expect((await as('operator', `/cases/${caseId}`)).status).toBe(200);
    expect((await as('operator', '/cases?status=investigated')).status).toBe(200);
    const entries = await trail.find({ actor: 'op-1', subjectIds: caseId }).sort({ at: 1 }).toArray();
    expect(entries).toHaveLength(before + 2);
    const [one, list] = entries.slice(-2);
    expect(one).toMatchObject({
      role: 'hotline_operator',
      action: 'read',
      subjectType: 'case',
      subjectId: caseId,
      resource: 'GET /cases/:caseId',
    });
    expect(list).toMatchObject({
      role: 'hotline_operator',
      action: 'read',
      subjectType: 'case',
      resource: 'GET /cases',
      query: { status: 'investigated' },
    });
    expect(list!.subjectId).toBeUndefined();
    expect(list!.subjectIds).toContain(caseId);
  });

  it('lets the county read the audit trail of its jurisdiction, not a township caseworker (refused, and audited)', async () => {
    expect((await as('operator', `/cases/${caseId}`)).status).toBe(200);
    const refused = await as('township', `/audit-trail?subjectId=${caseId}`);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as Json).code).toBe('role_not_allowed');

    const read = await as('county', `/audit-trail?subjectId=${caseId}&actor=op-1`);
    expect(read.status).toBe(200);
    const { items }: Json = await read.json();
    expect(items.length).toBeGreaterThan(0);
    expect(items[0]).toMatchObject({ actor: 'op-1', role: 'hotline_operator', action: 'read', subjectType: 'case' });
    expect(items.every((e: Json) => e.actor === 'op-1' && e.subjectIds.includes(caseId))).toBe(true);
    // Newest first.
    const times = items.map((e: Json) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    // The caseworker's refusal is in the trail with why; and the county's own read of the trail is audited.
    const denials: Json = await (await as('county', '/audit-trail?action=denied&actor=clerk-9')).json();
    expect(denials.items[0]).toMatchObject({
      role: 'township_caseworker',
      action: 'denied',
      resource: 'GET /audit-trail',
      refusal: { status: 403, code: 'role_not_allowed' },
    });
    const own: Json = await (await as('county', '/audit-trail?subjectType=audit_trail&actor=officer-1')).json();
    expect(own.items[0]).toMatchObject({ role: 'county_officer', action: 'read', resource: 'GET /audit-trail' });

    // Another county of the region sees none of it; a range before today finds nothing.
    const elsewhere: Json = await (await as('otherCounty', `/audit-trail?subjectId=${caseId}`)).json();
    expect(elsewhere.items).toEqual([]);
    const past: Json = await (await as('county', `/audit-trail?subjectId=${caseId}&to=2020-01-31`)).json();
    expect(past.items).toEqual([]);
  });
});
