/**
 * Least privilege by field and the audit of refusals, on intake in-process on the real servers: what a hotline
 * operator with a province-wide jurisdiction reads of a person and a request, that documents are refused to
 * them, and that every refusal is in the audit trail the county reads.
 */
import { generateTokenKeys, issueStaffToken, type StaffPrincipal } from '@carelink/auth';
import { checkCharacter } from '@carelink/contracts';
import { type RunningService, staffTokenSigningKeyOf, startService } from '@carelink/service-host';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import { createConfig, type IntakeConfig } from '../src/config';
import { intakeService } from '../src/service';

/** The local platform's staff signing key: the services under test check tokens with its public half. */
const staffSigningKey = staffTokenSigningKeyOf({ CARELINK_ENV: 'local' });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of the API, checked field by field
type Json = any;

const id = (first17: string) => first17 + checkCharacter(first17);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 7)]);

describe('what each role reads at intake, and the audit of every refusal', () => {
  let running: RunningService<IntakeConfig>;
  const runId = uniqueName('intake_fields');
  const tokens: Record<string, string> = {};
  let caseId: string;
  let personId: string;
  let attachmentId: string;

  const url = (path: string) => `http://127.0.0.1:${running.port}${path}`;
  const as = (who: string, path: string) => fetch(url(path), { headers: { authorization: `Bearer ${tokens[who]}` } });
  const trail = () => running.ctx.connection.collection('audit_trail');

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
    const issue = (p: Omit<StaffPrincipal, 'region'>) => issueStaffToken({ ...p, region: 'chizhou' }, staffSigningKey);
    tokens.clerk = await issue({ sub: 'clerk-1', role: 'township_caseworker', jurisdiction: '341702001' });
    tokens.operator = await issue({ sub: 'op-1', role: 'hotline_operator', jurisdiction: '34' });
    tokens.county = await issue({ sub: 'officer-1', role: 'county_officer', jurisdiction: '341702' });
    tokens.province = await issue({ sub: 'officer-34', role: 'county_officer', jurisdiction: '34' });

    const created = await fetch(url('/requests'), {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.clerk}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        region: 'chizhou',
        channel: 'window',
        applicant: { name: '孙秀兰', idNumber: id('34170219470512002'), phone: '13956781234' },
        address: { township: '341702001', detail: '杏花村12号' },
        declaredGroups: ['tekun'],
        declaredConditions: ['severely_disabled'],
        items: ['CZ-QJ-01'],
        household: [{ name: '孙建华', relation: '儿子', idNumber: id('34170219720809001') }],
      }),
    });
    expect(created.status).toBe(201);
    ({ caseId } = (await created.json()) as { caseId: string });
    const uploaded = await fetch(url(`/requests/${caseId}/attachments?kind=id_card`), {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.clerk}`, 'content-type': 'image/png' },
      body: PNG,
    });
    expect(uploaded.status).toBe(201);
    ({ attachmentId } = (await uploaded.json()) as { attachmentId: string });
    personId = ((await (await as('clerk', `/requests/${caseId}`)).json()) as { personId: string }).personId;
  });

  afterAll(async () => {
    await running?.ctx.connection.dropDatabase();
    await running?.stop();
  });

  it("refuses a hotline operator a person's ID card, and audits the refusal with why", async () => {
    const download = await as('operator', `/attachments/${attachmentId}`);
    expect(download.status).toBe(403);
    expect(((await download.json()) as Json).code).toBe('role_not_allowed');
    expect((await as('operator', `/requests/${caseId}/attachments`)).status).toBe(403);

    const refusal = await trail().findOne({ actor: 'op-1', action: 'denied', subjectIds: attachmentId });
    expect(refusal).toMatchObject({
      role: 'hotline_operator',
      actorJurisdiction: '34',
      subjectType: 'attachment',
      resource: 'GET /attachments/:attachmentId',
      refusal: { status: 403, code: 'role_not_allowed' },
    });
    expect(refusal!.refusal.detail).toContain('hotline_operator');

    // The caseworker of the township still downloads it, and that read is audited too.
    expect((await as('clerk', `/attachments/${attachmentId}`)).status).toBe(200);
    expect(
      await trail().findOne({ actor: 'clerk-1', action: 'read', subjectType: 'attachment', subjectId: attachmentId }),
    ).not.toBeNull();
  });

  it("gives a hotline operator a person's name and where their requests stand, no ID, household or health data", async () => {
    const full: Json = await (await as('clerk', `/persons/${personId}`)).json();
    expect(full.requests[0]).toMatchObject({ declaredConditions: ['severely_disabled'] });
    expect(full.requests[0].household).toHaveLength(1);

    const person = await as('operator', `/persons/${personId}`);
    expect(person.status).toBe(200);
    const p: Json = await person.json();
    expect(p).toMatchObject({ personId, name: '孙秀兰' });
    expect(p.requests[0]).toMatchObject({ caseId, status: 'registered', applicant: { name: '孙秀兰' } });
    expect(Object.keys(p.requests[0].applicant)).toEqual(['name']);
    const request: Json = await (await as('operator', `/requests/${caseId}`)).json();
    const listed: Json = await (await as('operator', '/requests')).json();
    for (const seen of [p, request, listed]) {
      const text = JSON.stringify(seen);
      expect(text).not.toMatch(/severely_disabled|孙建华|杏花村|idNumber|birthDate|household|declared|proxy|consent/);
    }
    expect(listed.items.find((r: Json) => r.caseId === caseId)).toMatchObject({ caseNumber: request.caseNumber });

    // Every one of those reads is audited; the list in one entry naming the requests it returned.
    const listEntry = await trail().findOne({ actor: 'op-1', resource: 'GET /requests' });
    expect(listEntry).toMatchObject({ action: 'read', subjectType: 'request' });
    expect(listEntry!.subjectIds).toContain(caseId);
    expect(await trail().findOne({ actor: 'op-1', subjectType: 'person', subjectId: personId })).not.toBeNull();
  });

  it('audits a refused token that could be read, as an unverified claim; not one that could not', async () => {
    // A county officer's token signed with a key that is not the staff issuer's.
    tokens.forged = await issueStaffToken(
      { sub: 'mallory', role: 'county_officer', region: 'chizhou', jurisdiction: '341702' },
      (await generateTokenKeys('local-staff')).signingKey,
    );
    tokens.garbage = 'not-a-jwt';
    expect((await as('forged', `/persons/${personId}`)).status).toBe(401);
    expect((await as('garbage', `/persons/${personId}`)).status).toBe(401);

    expect(await trail().findOne({ actor: 'mallory' })).toMatchObject({
      role: 'county_officer',
      verified: false,
      action: 'denied',
      subjectIds: [personId],
      refusal: { status: 401, code: 'invalid_token' },
    });
    expect(await trail().countDocuments({ action: 'denied', 'refusal.status': 401 })).toBe(1);

    // A refusal is filed under the caller's jurisdiction (the record refused is never loaded): the county finds
    // the token that claimed to be its officer, the province the refusals of its province-wide operator.
    const county: Json = await (await as('county', '/audit-trail?action=denied')).json();
    expect(county.items.map((e: Json) => e.actor)).toContain('mallory');
    expect(county.items.map((e: Json) => e.actor)).not.toContain('op-1');
    const province: Json = await (await as('province', '/audit-trail?action=denied&actor=op-1')).json();
    expect(province.items.length).toBeGreaterThanOrEqual(2);
    expect(province.items[0]).toMatchObject({ role: 'hotline_operator', refusal: { code: 'role_not_allowed' } });
  });
});
