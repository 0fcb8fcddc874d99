/**
 * The one-person file (一人一档) on the real servers: intake and assessment in-process on Kafka, FerretDB and Redis,
 * sharing a topic prefix. A request registered and documented at intake, investigated and approved at assessment,
 * gets its person a service number; referral, scheduling and complaint events published on their topics fill the
 * file; reads and exports are audited and scoped; the export is a zip of the PDF and intake's attachments.
 */
import { issueStaffToken, type StaffPrincipal } from '@carelink/auth';
import {
  buildEvent,
  checkCharacter,
  ComplaintReceived,
  PlanApproved,
  ReferralCreated,
  topics,
  VisitCheckedIn,
  VisitDeliveredV2,
  VisitScheduled,
  type EventDefinition,
  type EventInput,
} from '@carelink/contracts';
import { chinaDate } from '@carelink/policy';
import { type RunningService, staffTokenSigningKeyOf, startService } from '@carelink/service-host';
import { databaseUrl, kafkaEnv, testServers, uniqueName } from '@carelink/test-servers';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The real intake, whose attachments the export reads with the caller's token.
import { createConfig as intakeConfig, type IntakeConfig } from '../../intake/src/config';
import { intakeService } from '../../intake/src/service';
import { createConfig, type AssessmentConfig } from '../src/config';
import { PersonFileRepository } from '../src/data-access/person-file-repository';
import { assessmentService } from '../src/service';
import { givenCase, policies } from './fixtures';
import { registration, until } from './in-process';

const staffSigningKey = staffTokenSigningKeyOf({ CARELINK_ENV: 'local' });
const id = (first17: string) => first17 + checkCharacter(first17);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(4096, 9)]);
const year = chinaDate(new Date()).slice(0, 4);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of the API, checked field by field
type Json = any;

describe('one person, one file (一人一档) on the real servers', () => {
  const runId = uniqueName('pfile');
  let intake: RunningService<IntakeConfig>;
  let assessment: RunningService<AssessmentConfig>;
  const tokens: Record<string, string> = {};
  let caseId: string;
  let personId: string;
  let serviceNumber: string;
  let attachmentId: string;

  const call = (
    svc: RunningService<IntakeConfig> | RunningService<AssessmentConfig>,
    who: string,
    path: string,
    init: { method?: string; body?: unknown; contentType?: string } = {},
  ) =>
    fetch(`http://127.0.0.1:${svc.port}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(init.body !== undefined ? { 'content-type': init.contentType ?? 'application/json' } : {}),
      },
      ...(init.body !== undefined ? { body: Buffer.isBuffer(init.body) ? init.body : JSON.stringify(init.body) } : {}),
    });
  const files = (who: string, path: string, body?: unknown) => call(assessment, who, path, { body });

  /** The home investigation of a case, recorded by the two-person team. */
  const investigate = async (c: string) => {
    const team = await files('clerk', `/cases/${c}/investigation-team`, {
      team: [
        { staffId: 'clerk-9', name: '王', office: '341702001' },
        { staffId: 'c-2', name: '李', office: '341702001201' },
      ],
    });
    expect(team.status).toBe(201);
    const recorded = await files('clerk', `/cases/${c}/investigation`, {
      household: { members: 1, livingAlone: true },
      difficulty: { types: ['生活困难'], degree: 'severe' },
      carer: 'absent',
      illnesses: [],
      needs: [{ kind: 'common', category: '清洁', itemCode: 'CZ-QJ-01', description: '每周打扫两次' }],
      verifiedConditions: [],
    });
    expect(recorded.status).toBe(201);
  };

  let n = 0;
  const publish = <D extends EventDefinition>(
    topic: Parameters<typeof assessment.ctx.bus.publish>[0],
    def: D,
    data: EventInput<D>,
    key = caseId,
  ) =>
    assessment.ctx.bus.publish(
      topic as never,
      buildEvent(def, { source: '/test', key, id: `${runId}-${++n}`, data }) as never,
    );

  beforeAll(async () => {
    const servers = await testServers();
    const common = {
      CARELINK_ENV: 'local',
      PORT: '0',
      ...kafkaEnv(servers),
      KAFKA_TOPIC_PREFIX: `${runId}.`,
      REDIS_URL: servers.redisUrl,
      JOBS_PREFIX: runId,
      LOG_LEVEL: 'silent',
    };
    intake = await startService(
      intakeService,
      intakeConfig({ ...common, MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_intake`) }),
    );
    assessment = await startService(
      assessmentService,
      createConfig({
        ...common,
        MONGO_URL: databaseUrl(servers.mongoUrl, `${runId}_assessment`),
        INTAKE_URL: `http://127.0.0.1:${intake.port}`,
      }),
    );
    const issue = (p: Omit<StaffPrincipal, 'region'>, region = 'chizhou') =>
      issueStaffToken({ ...p, region }, staffSigningKey);
    tokens.clerk = await issue({ sub: 'clerk-9', role: 'township_caseworker', jurisdiction: '341702001' });
    tokens.county = await issue({ sub: 'officer-1', role: 'county_officer', jurisdiction: '341702' });
    tokens.outsider = await issue({ sub: 'clerk-2', role: 'township_caseworker', jurisdiction: '341702002' });
    tokens.changji = await issue({ sub: 'officer-cj', role: 'county_officer', jurisdiction: '6523' }, 'changji');
    tokens.operator = await issue({ sub: 'op-1', role: 'hotline_operator', jurisdiction: '34' });

    // A request at the window, its ID card at intake; the case opens at assessment.
    const created = await call(intake, 'clerk', '/requests', {
      body: {
        region: 'chizhou',
        channel: 'window',
        applicant: { name: '陈桂兰', idNumber: id('34170219440210004') },
        address: { township: '341702001' },
        declaredGroups: ['tekun'],
        items: ['CZ-QJ-01'],
      },
    });
    expect(created.status).toBe(201);
    caseId = ((await created.json()) as Json).caseId;
    const uploaded = await call(intake, 'clerk', `/requests/${caseId}/attachments?kind=id_card`, {
      body: PNG,
      contentType: 'image/png',
    });
    expect(uploaded.status).toBe(201);
    attachmentId = ((await uploaded.json()) as Json).attachmentId;
    const opened: Json = await until(async () => {
      const c = await call(assessment, 'clerk', `/cases/${caseId}`);
      const body: Json = c.status === 200 ? await c.json() : undefined;
      return body?.documents?.length === 1 ? body : undefined;
    }, 300);
    personId = opened.person.personId;
  }, 120_000);

  afterAll(async () => {
    await assessment?.ctx.connection.dropDatabase();
    await intake?.ctx.connection.dropDatabase();
    await assessment?.stop();
    await intake?.stop();
  });

  it('opens the file under a service number when the first service is approved', async () => {
    await investigate(caseId);
    // No number before a service is approved.
    expect(((await (await files('clerk', '/files')).json()) as Json).items).toEqual([]);
    const decided = await files('clerk', `/cases/${caseId}/decisions`, {
      items: [{ itemCode: 'CZ-QJ-01', approve: true }],
      missingDocumentsReason: '户口本原件已现场查验',
    });
    expect(decided.status).toBe(201);

    const listed: Json = await until(async () => {
      const page: Json = await (await files('clerk', '/files?township=341702001')).json();
      return page.items.length === 1 ? page : undefined;
    }, 300);
    serviceNumber = listed.items[0].serviceNumber;
    expect(serviceNumber).toBe(`CZ341702${year}000001`);
    expect(listed.items[0]).toMatchObject({ name: '陈桂兰', township: '341702001', personId });
    expect(listed.items[0].idNumberMasked).toMatch(/^341\*{13}[\dX]{2}$/);
    // Said on the person-files topic (the relay published it).
    await until(async () =>
      (await assessment.ctx.metrics.registry.getSingleMetricAsString('carelink_events_published_total')).includes(
        'type="service-number.issued.v1"',
      )
        ? true
        : undefined,
    );
  });

  it('keeps one number per person: a later approved case of the person finds the file open', async () => {
    // Another request of the same person (intake's pseudonym), registered later.
    const secondCase = randomUUID();
    await assessment.ctx.bus.publish(topics.intakeRequests, registration(secondCase, 'CZ341702-2026-990002', personId));
    await until(async () => ((await files('clerk', `/cases/${secondCase}`)).status === 200 ? true : undefined), 300);
    await investigate(secondCase);
    const decided = await files('clerk', `/cases/${secondCase}/decisions`, {
      items: [{ itemCode: 'CZ-QJ-01', approve: true }],
      missingDocumentsReason: '材料已在首个个案中查验',
    });
    expect(decided.status).toBe(201);
    const view: Json = await until(async () => {
      const v: Json = await (await files('clerk', `/files/${serviceNumber}`)).json();
      return v.decisions?.length === 2 ? v : undefined;
    }, 300);
    expect(view.cases.map((c: Json) => c.caseId).sort()).toEqual([caseId, secondCase].sort());
    expect(await assessment.ctx.connection.collection('person_files').countDocuments({})).toBe(1);
  });

  it('issues numbers once per person and in sequence, without gaps, when many are approved at once', async () => {
    const repo = new PersonFileRepository(assessment.ctx.connection, assessment.ctx.commits);
    const pack = policies.get('chizhou')!;
    const person = (i: number) =>
      givenCase({
        caseId: `0192f3a4-5b6c-7d8e-9f00-${String(i).padStart(12, '0')}`,
        person: {
          personId: `p_concurrent_${String(i).padStart(6, '0')}`,
          name: `人${i}`,
          ageAtRegistration: 70,
          idNumberMasked: '341*************1X',
        },
        address: { county: '341721', township: '341721100' },
      });
    // Twelve people and, for each, the same approval handled three times at once.
    const issued = await Promise.all(Array.from({ length: 36 }, (_, k) => repo.issue(person(k % 12), pack)));
    const byPerson = new Map<string, Set<string>>();
    for (const f of issued) byPerson.set(f.personId, (byPerson.get(f.personId) ?? new Set()).add(f.serviceNumber));
    expect([...byPerson.values()].every((s) => s.size === 1)).toBe(true);
    const numbers = [...new Set(issued.map((f) => f.serviceNumber))].sort();
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => `CZ341721${year}${String(i + 1).padStart(6, '0')}`));

    // A stop between the file and the sequence leaves the sequence behind: the next number skips the held one.
    const sequences = assessment.ctx.connection.collection('service_number_sequences');
    await sequences.updateOne({ _id: `chizhou/341721/${year}` as never }, { $set: { seq: 11 } });
    const next = await repo.issue(person(100), pack);
    expect(next.serviceNumber).toBe(`CZ341721${year}000013`);
    expect((await sequences.findOne({ _id: `chizhou/341721/${year}` as never }))!.seq).toBe(13);
  });

  it('assembles the file from the events of referral, scheduling and complaints', async () => {
    const facts = { caseId, region: 'chizhou', township: '341702001' };
    const visit = {
      ...facts,
      visitId: `${runId}-v1`,
      referralId: 'r1',
      providerId: 'prov-1',
      workerId: 'w-1',
      itemCode: 'CZ-QJ-01',
    };
    await publish(topics.referrals, ReferralCreated, {
      referralId: 'r1',
      caseId,
      caseNumber: 'x',
      region: 'chizhou',
      itemCode: 'CZ-QJ-01',
      township: '341702001',
      person: { personId, name: '陈桂兰' },
      route: { kind: 'provider', providerId: 'prov-1', contractId: 'k-1' },
      explanation: '合同服务机构，距离最近',
      sharingBasis: { basis: 'consent', givenBy: 'applicant' },
      createdAt: new Date().toISOString(),
    });
    await publish(topics.visits, PlanApproved, {
      ...facts,
      planId: 'plan-1',
      referralId: 'r1',
      providerId: 'prov-1',
      itemCode: 'CZ-QJ-01',
      planVersion: 1,
      rrule: 'FREQ=WEEKLY;BYDAY=TU,FR;BYHOUR=9',
      startDate: '2026-12-01',
      endDate: '2027-02-28',
      durationMinutes: 60,
      tasks: ['打扫'],
      workerId: 'w-1',
      approvedBy: 'clerk-9',
    });
    const scheduledFor = '2026-12-01T01:00:00.000Z';
    await publish(topics.visits, VisitScheduled, { ...visit, scheduledFor });
    await publish(topics.visits, VisitCheckedIn, {
      ...visit,
      scheduledFor,
      checkedInAt: '2026-12-01T01:03:00.000Z',
      distanceMeters: 20,
      farFromHome: false,
    });
    const delivered = {
      ...visit,
      scheduledFor,
      deliveredAt: '2026-12-01T02:00:00.000Z',
      units: 1,
      tasksDone: ['打扫'],
      farFromHome: false,
      verification: 'verified' as const,
      verificationReason: 'code_confirmed' as const,
    };
    await publish(topics.visits, VisitDeliveredV2, delivered);
    await publish(
      topics.complaints,
      ComplaintReceived,
      {
        complaintId: `${runId}-c1`,
        complaintNumber: 'TS-1',
        caseId,
        type: 'service_quality',
        channel: 'hotline',
        summary: '服务人员迟到',
        receivedAt: new Date().toISOString(),
      },
      `${runId}-c1`,
    );
    const view: Json = await until(async () => {
      const v: Json = await (await files('clerk', `/files/${serviceNumber}`)).json();
      return v.visits?.[0]?.verification === 'verified' &&
        v.complaints?.length === 1 &&
        v.plans?.length === 1 &&
        v.referrals?.length === 1
        ? v
        : undefined;
    }, 300);
    expect(view).toMatchObject({
      serviceNumber,
      person: { personId, name: '陈桂兰' },
      documents: [{ attachmentId, kind: 'id_card' }],
      referrals: [{ referralId: 'r1', receiver: 'provider:prov-1', explanation: '合同服务机构，距离最近' }],
      plans: [{ planId: 'plan-1', versions: [{ planVersion: 1, status: 'approved' }] }],
      visits: [{ status: 'delivered', checkedInAt: '2026-12-01T01:03:00.000Z', verification: 'verified' }],
      complaints: [{ complaintNumber: 'TS-1', summary: '服务人员迟到' }],
      visitSummary: { delivered: 1, verified: 1 },
    });
    expect(view.needsForms[0].needs[0].description).toBe('每周打扫两次');
    expect(view.decisions[0].items[0]).toMatchObject({ itemCode: 'CZ-QJ-01', approved: true });
    expect(view.decisions[0].items[0].reason).toMatch(/\p{Script=Han}/u);
    expect(JSON.stringify(view)).not.toContain(id('34170219440210004'));

    // A redelivered event changes nothing.
    await assessment.ctx.bus.publish(
      topics.visits,
      buildEvent(VisitDeliveredV2, { source: '/test', key: caseId, id: `${runId}-${n}`, data: delivered }),
    );
    await assessment.ctx.bus.publish(
      topics.visits,
      buildEvent(VisitScheduled, {
        source: '/test',
        key: caseId,
        data: { ...visit, visitId: `${runId}-v2`, scheduledFor },
      }),
    );
    const after: Json = await until(async () => {
      const v: Json = await (await files('clerk', `/files/${serviceNumber}`)).json();
      return v.visits.length === 2 ? v : undefined;
    }, 300);
    const record = await assessment.ctx.connection.collection('person_file_cases').findOne({ _id: caseId as never });
    expect(record!.appliedEvents.filter((e: string) => e === `${runId}-${n}`)).toHaveLength(1);
    expect(after.visitSummary).toMatchObject({ total: 2, delivered: 1 });
  });

  it('answers 404 outside the caller’s township or region, and lets the county read its townships', async () => {
    expect((await files('outsider', `/files/${serviceNumber}`)).status).toBe(404);
    expect((await files('changji', `/files/${serviceNumber}`)).status).toBe(404);
    expect((await files('outsider', `/files/${serviceNumber}/export`)).status).toBe(404);
    expect((await files('county', `/files/${serviceNumber}`)).status).toBe(200);
    expect(((await (await files('outsider', '/files')).json()) as Json).items).toEqual([]);
    expect((await files('operator', `/files/${serviceNumber}`)).status).toBe(403);
    expect((await files('clerk', '/files/CZ0000000000000000')).status).toBe(404);
  });

  it('records an effect evaluation, and refuses one that does not say why the service should stop', async () => {
    const refused = await files('clerk', `/files/${serviceNumber}/evaluations`, {
      occasion: 'review',
      satisfaction: 2,
      goalsMet: 'not_met',
      selfCare: 'declined',
      recommendation: 'stop',
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Json).code).toBe('invalid_evaluation');
    const recorded = await files('clerk', `/files/${serviceNumber}/evaluations`, {
      occasion: 'plan_ended',
      planId: 'plan-1',
      satisfaction: 5,
      goalsMet: 'met',
      selfCare: 'improved',
      barthelScore: 65,
      recommendation: 'continue',
      remarks: '老人对服务满意',
    });
    expect(recorded.status).toBe(201);
    expect(await recorded.json()).toMatchObject({ caseId, planId: 'plan-1', recordedBy: 'clerk-9' });
    const view: Json = await (await files('county', `/files/${serviceNumber}`)).json();
    expect(view.evaluations).toMatchObject([
      { satisfaction: 5, recommendation: 'continue', remarks: '老人对服务满意' },
    ]);
    const stored = await assessment.ctx.connection.collection('person_files').findOne({ _id: personId as never });
    expect(stored!.evaluations).toHaveLength(1);
  });

  it('exports the file as a zip of the PDF (Chinese font embedded) and the attachments read from intake', async () => {
    const res = await files('clerk', `/files/${serviceNumber}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const dir = mkdtempSync(join(tmpdir(), 'pfile-'));
    try {
      writeFileSync(join(dir, 'file.zip'), Buffer.from(await res.arrayBuffer()));
      execFileSync('unzip', ['-q', 'file.zip', '-d', 'out'], { cwd: dir });
      const listing = execFileSync('unzip', ['-Z1', 'file.zip'], { cwd: dir, encoding: 'utf8' }).trim().split('\n');
      expect(listing).toContain('档案.pdf');
      const attachment = listing.find((l) => l.startsWith('附件/'));
      expect(attachment).toMatch(new RegExp(`身份证-${attachmentId}\\.png$`));
      expect(readFileSync(join(dir, 'out', attachment!)).equals(PNG)).toBe(true);
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'out', '档案.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain(serviceNumber);
      expect(text).toContain('一人一档');
      expect(text).toContain('陈桂兰');
      expect(text).toContain('效果评估');
      expect(text).not.toContain(id('34170219440210004'));
      const fonts = execFileSync('pdffonts', [join(dir, 'out', '档案.pdf')], { encoding: 'utf8' });
      expect(fonts).toMatch(/NotoSansCJKsc-Regular\s+CID Type 0C\s+Identity-H\s+yes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Intake audited the read of the attachment, as the caller's.
    const intakeTrail = await intake.ctx.connection
      .collection('audit_trail')
      .findOne({ actor: 'clerk-9', resource: 'GET /attachments/:attachmentId', subjectId: attachmentId });
    expect(intakeTrail).not.toBeNull();
  });

  it('audits every read and export of a file, naming the file', async () => {
    const trail = assessment.ctx.connection.collection('audit_trail');
    const reads = await trail.find({ actor: 'clerk-9', subjectType: 'person_file' }).toArray();
    const resources = reads.map((r) => r.resource);
    expect(resources).toEqual(
      expect.arrayContaining(['GET /files', 'GET /files/:serviceNumber', 'GET /files/:serviceNumber/export']),
    );
    const one = reads.find((r) => r.resource === 'GET /files/:serviceNumber');
    expect(one).toMatchObject({ action: 'read', role: 'township_caseworker', subjectId: serviceNumber });
    const exported = reads.find((r) => r.resource === 'GET /files/:serviceNumber/export');
    expect(exported!.subjectId ?? exported!.subjectIds).toBeDefined();
  });

  it('refuses to export without the Chinese font: 503 font_missing', async () => {
    // Another assessment of its own (database, topics), whose font is not there.
    const servers = await testServers();
    const other = `${runId}nf`;
    const missing = await startService(
      assessmentService,
      createConfig({
        CARELINK_ENV: 'local',
        PORT: '0',
        ...kafkaEnv(servers),
        KAFKA_TOPIC_PREFIX: `${other}.`,
        REDIS_URL: servers.redisUrl,
        JOBS_PREFIX: other,
        LOG_LEVEL: 'silent',
        MONGO_URL: databaseUrl(servers.mongoUrl, `${other}_assessment`),
        PERSON_FILE_FONT: '/nonexistent/font.ttc',
      }),
    );
    try {
      const res = await fetch(`http://127.0.0.1:${missing.port}/files/${serviceNumber}/export`, {
        headers: { authorization: `Bearer ${tokens.clerk}` },
      });
      expect(res.status).toBe(503);
      expect(((await res.json()) as Json).code).toBe('font_missing');
    } finally {
      await missing.ctx.connection.dropDatabase();
      await missing.stop();
    }
  });
});
