/**
 * One request through all six services, each its own process, over HTTP and Kafka (real servers):
 * intake → assessment → referral → provider-scheduling → settlement, and a complaint. Every effect once.
 */
import {
  adapterToken,
  call,
  eventually,
  investigate,
  Platform,
  readAllEvents,
  residentId,
  textedCode,
  token,
} from './platform';
import { registerTrainedWorker } from './workers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('a service request flows through all six services', () => {
  let platform: Platform;
  let county: string, township: string, provider: string, hotline: string;

  beforeAll(async () => {
    platform = await Platform.launch('e2e-flow', 4301);
    county = await token({ sub: 'officer-1', role: 'county_officer', region: 'chizhou', jurisdiction: '341702' });
    township = await token({
      sub: 'clerk-1',
      role: 'township_caseworker',
      region: 'chizhou',
      jurisdiction: '341702001',
    });
    provider = await token({
      sub: 'worker-lead-1',
      role: 'provider_staff',
      region: 'chizhou',
      jurisdiction: '341702',
      providerId: 'sunshine-social-work',
    });
    hotline = await token({ sub: 'operator-1', role: 'hotline_operator', region: 'chizhou', jurisdiction: '3417' });
  });

  afterAll(async () => {
    const codes = await platform?.stopAll();
    // SIGTERM must end every service cleanly.
    expect(Object.values(codes ?? {}).every((c) => c === 0)).toBe(true);
  });

  it('registers, decides, refers, serves, settles and takes a complaint — each exactly once', async () => {
    const contract = await call<Json>('POST', platform.url('referral', '/contracts'), county, {
      providerId: 'sunshine-social-work',
      providerName: '池州市阳光社会工作服务中心（演示）',
      region: 'chizhou',
      itemCodes: ['CZ-QJ-01', 'CZ-SH-01'],
      townships: ['341702001'],
      monthlyCapacity: 50,
      validFrom: '2026-01-01',
      validTo: '2027-12-31',
    });
    expect(contract.status).toBe(201);

    // 1. Intake at the township window.
    const registered = await call<Json>('POST', platform.url('intake', '/requests'), township, {
      region: 'chizhou',
      channel: 'window',
      applicant: { name: '王秀英', idNumber: residentId('341702', '1948-03-15', 22), phone: '13905661234' },
      address: { township: '341702001', village: '341702001201' },
      declaredGroups: ['tekun'],
      consentToShare: true,
      items: ['CZ-QJ-01', 'CZ-JK-01'],
      description: '独居，行动不便，需要上门清洁和健康监测',
    });
    expect(registered.status).toBe(201);
    const { caseId, caseNumber } = registered.body;
    expect(caseNumber).toMatch(/^CZ341702-\d{4}-\d{6}$/);

    // Bad input gets a clear error, not a crash.
    const bad = await call<Json>('POST', platform.url('intake', '/requests'), township, {
      ...{ region: 'chizhou', channel: 'window' },
      applicant: { name: 'x', idNumber: '123' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_request');
    const outside = await call<Json>(
      'GET',
      platform.url('intake', `/requests/${caseId}`),
      await token({ sub: 'c2', role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702002' }),
    );
    expect(outside.status).toBe(403);

    // 2. Assessment opens the case from the event; the township confirms (Chizhou: township is final).
    await eventually('case opened', async () => {
      const r = await call<Json>('GET', platform.url('assessment', `/cases/${caseId}`), township);
      return r.status === 200 ? r.body : undefined;
    });
    // Before the home investigation, no decision.
    const early = await call<Json>('POST', platform.url('assessment', `/cases/${caseId}/decisions`), township, {
      items: [
        { itemCode: 'CZ-QJ-01', approve: true },
        { itemCode: 'CZ-JK-01', approve: true },
      ],
    });
    expect(early.body.code).toBe('investigation_pending');
    await investigate(platform, caseId, { token: township, staffId: 'clerk-1', office: '341702001' });
    const decided = await call<Json>('POST', platform.url('assessment', `/cases/${caseId}/decisions`), township, {
      items: [
        { itemCode: 'CZ-QJ-01', approve: true },
        { itemCode: 'CZ-JK-01', approve: true },
      ],
      missingDocumentsReason: '材料原件已入户查验，复印件补交中',
    });
    expect(decided.status).toBe(201);
    expect(decided.body.status).toBe('decided');

    // 3. Referral routes: cleaning to the contracted provider, health check to the health department.
    const referrals = await eventually('two referrals', async () => {
      const r = await call<Json>('GET', platform.url('referral', `/referrals?caseId=${caseId}`), township);
      return r.body.items?.length === 2 ? (r.body.items as Json[]) : undefined;
    });
    const toProvider = referrals.find((r) => r.itemCode === 'CZ-QJ-01')!;
    expect(toProvider.route).toEqual({
      kind: 'provider',
      providerId: 'sunshine-social-work',
      contractId: contract.body.contractId,
    });
    expect(referrals.find((r) => r.itemCode === 'CZ-JK-01')!.route).toEqual({
      kind: 'department',
      departmentCode: 'health',
    });

    // 4. The provider accepts, schedules a worker and records the delivered visit.
    const referralId = encodeURIComponent(toProvider.referralId);
    await eventually('assignment offered', async () => {
      const r = await call<Json>('GET', platform.url('provider-scheduling', `/assignments/${referralId}`), provider);
      return r.status === 200 ? r.body : undefined;
    });
    expect(
      (await call('POST', platform.url('provider-scheduling', `/assignments/${referralId}/acceptance`), provider, {}))
        .status,
    ).toBe(201);
    // Workers serve only once registered on the platform and trained as the region requires.
    const worker = (name: string, seq: number) =>
      registerTrainedWorker(platform.url('provider-scheduling', '/workers'), provider, {
        region: 'chizhou',
        itemCodes: ['CZ-QJ-01'],
        name,
        seq,
      });
    const [worker07, worker08] = [await worker('李护理', 7), await worker('王护理', 8)];
    const visit = await call<Json>(
      'POST',
      platform.url('provider-scheduling', `/assignments/${referralId}/visits`),
      provider,
      {
        workerId: worker07,
        // Now: never before the referral reached the provider.
        scheduledFor: new Date().toISOString(),
        durationMinutes: 15,
      },
    );
    expect(visit.status).toBe(201);
    const delivered = await call<Json>(
      'POST',
      platform.url('provider-scheduling', `/visits/${visit.body.visitId}/delivery`),
      provider,
      {
        deliveredAt: new Date().toISOString(),
        units: 2,
        note: '完成厨房与卧室清洁',
      },
    );
    expect(delivered.status).toBe(201);
    const again = await call<Json>(
      'POST',
      platform.url('provider-scheduling', `/visits/${visit.body.visitId}/delivery`),
      provider,
      { deliveredAt: new Date().toISOString(), units: 2 },
    );
    expect(again.status).toBe(409);
    // The recipient confirms the visit with the one-time code the worker gave her (here through the chat bot's
    // adapter): only then is the delivery settled (visit.delivered.v2, verified) and paid.
    const chatBot = await adapterToken({
      sub: 'telegram-bot',
      region: 'chizhou',
      jurisdiction: '3417',
      channel: 'chatbot',
    });
    expect(delivered.body.confirmationCode).toMatch(/^\d{6}$/);
    const confirmed = await call<Json>(
      'POST',
      platform.url('provider-scheduling', `/visits/${visit.body.visitId}/confirmation`),
      chatBot,
      { code: delivered.body.confirmationCode, via: 'telegram' },
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.verification).toBe('verified');

    // The resident (here through a channel adapter, as the chat bot and hotline do) hears where it stands, once
    // they typed in the code intake texted to the phone on file (given at the window).
    await eventually('resident progress followed', async () => {
      const r = await call<Json>('GET', platform.url('intake', '/residents/requests?phone=13905661234'), township);
      const mine = r.body.requests?.find((x: Json) => x.caseId === caseId);
      return mine?.status.code === 'in_service' ? true : undefined;
    });
    const bot = await adapterToken({
      sub: 'telegram-bot',
      region: 'chizhou',
      jurisdiction: '3417',
      channel: 'chatbot',
    });
    const asking = `phone=${encodeURIComponent('+86 139 0566 1234')}&caller=e2e-resident`;
    const bare = await call<Json>('GET', platform.url('intake', `/residents/requests?${asking}`), bot);
    expect(bare.status).toBe(403);
    expect(bare.body.person).toBeUndefined();
    const sent = await call<Json>('POST', platform.url('intake', '/residents/lookup-codes'), bot, {
      phone: '+86 139 0566 1234',
      caller: 'e2e-resident',
    });
    expect(sent.status).toBe(202);
    const code = await eventually('the code texted', () => textedCode(platform, '13905661234'));
    const progress = (
      await call<Json>('GET', platform.url('intake', `/residents/requests?${asking}&code=${code}`), bot)
    ).body;
    expect(progress.person.name).toBe('王秀英');
    expect(progress.requests[0].status.zh).toBe('服务进行中');

    // The village posts the recipients (长期公示), names and ID numbers masked (first 3 and last 2 only).
    const notice = await call<Json>('GET', platform.url('assessment', '/public-notice?area=341702001201'), township);
    expect(notice.status).toBe(200);
    const posted = notice.body.entries.find((e: Json) => e.caseNumber === caseNumber);
    expect(posted).toMatchObject({ name: '王*英', idNumber: expect.stringMatching(/^341\*{13}\d[\dX]$/) });
    expect(JSON.stringify(notice.body)).not.toContain('王秀英');

    // 5. Settlement accrues the visit at the fee standard (CZ-QJ-01: 5000 fen per visit, demo value).
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
      .format(new Date())
      .slice(0, 7);
    const statement = await eventually('accrual', async () => {
      const r = await call<Json>(
        'GET',
        platform.url('settlement', `/statements?providerId=sunshine-social-work&month=${month}`),
        township,
      );
      return r.status === 200 && r.body.visitCount === 1 ? r.body : undefined;
    });
    expect(statement.totalFen).toBe(10000);

    // The referral saw the provider accept and serve.
    await eventually('referral in progress', async () => {
      const r = await call<Json>('GET', platform.url('referral', `/referrals/${referralId}`), township);
      return r.body.status === 'in_progress' ? true : undefined;
    });

    // 6. A complaint about the case, through the hotline.
    const complaint = await call<Json>('POST', platform.url('complaints', '/complaints'), hotline, {
      region: 'chizhou',
      about: { caseId },
      type: 'service_quality',
      channel: 'hotline',
      summary: '服务人员迟到一小时',
    });
    expect(complaint.status).toBe(201);
    expect(complaint.body.complaintNumber).toMatch(/^TS-\d{8}-\d{4}$/);

    // 6b. Without consent to share, nothing leaves until the township records why it must.
    const noConsent = await call<Json>('POST', platform.url('intake', '/requests'), township, {
      region: 'chizhou',
      channel: 'proactive',
      applicant: { name: '孙长林', idNumber: residentId('341702', '1941-09-09', 35) },
      address: { township: '341702001' },
      declaredGroups: ['tekun'],
      items: ['CZ-QJ-01'],
    });
    expect(noConsent.status).toBe(201);
    const otherCase = noConsent.body.caseId as string;
    await eventually('second case opened', async () =>
      (await call('GET', platform.url('assessment', `/cases/${otherCase}`), township)).status === 200
        ? true
        : undefined,
    );
    await investigate(platform, otherCase, { token: township, staffId: 'clerk-1', office: '341702001' });
    expect(
      (
        await call('POST', platform.url('assessment', `/cases/${otherCase}/decisions`), township, {
          items: [{ itemCode: 'CZ-QJ-01', approve: true }],
          missingDocumentsReason: '材料原件已入户查验，复印件补交中',
        })
      ).status,
    ).toBe(201);
    const held = await eventually('referral held for consent', async () => {
      const r = await call<Json>('GET', platform.url('referral', `/referrals?caseId=${otherCase}`), township);
      return r.body.items?.[0]?.status === 'awaiting_consent' ? (r.body.items[0] as Json) : undefined;
    });
    const heldId = encodeURIComponent(held.referralId);
    expect((await call('GET', platform.url('provider-scheduling', `/assignments/${heldId}`), provider)).status).toBe(
      404,
    );
    const overridden = await call<Json>(
      'POST',
      platform.url('referral', `/referrals/${heldId}/consent-override`),
      township,
      { reason: '独居失能，无法表达意愿，村委会出具证明' },
    );
    expect(overridden.status).toBe(201);
    expect(overridden.body).toMatchObject({ status: 'requested', sharingBasis: { basis: 'override', by: 'clerk-1' } });
    await eventually('provider offered after override', async () =>
      (await call('GET', platform.url('provider-scheduling', `/assignments/${heldId}`), provider)).status === 200
        ? true
        : undefined,
    );

    // 7. Dynamic management: the register reports she left 特困 → her approved services stop at once. A visit
    // the provider planned before the stop cannot be recorded as delivered after it (it would be settled).
    const planned = await call<Json>(
      'POST',
      platform.url('provider-scheduling', `/assignments/${referralId}/visits`),
      provider,
      { workerId: worker08, scheduledFor: new Date().toISOString(), durationMinutes: 15 },
    );
    expect(planned.status).toBe(201);
    const idNumber = residentId('341702', '1948-03-15', 22);
    const left = await call<Json>('POST', platform.url('intake', '/registry/status-changes'), county, {
      region: 'chizhou',
      idNumber,
      name: '王秀英',
      township: '341702001',
      groups: [],
      effectiveFrom: new Date().toISOString().slice(0, 10),
      source: '特困供养系统',
    });
    expect(left.status).toBe(201);
    const stopped = await eventually('services stopped', async () => {
      const r = await call<Json>('GET', platform.url('assessment', `/cases/${caseId}`), township);
      return r.body.stoppedItems?.length ? (r.body.stoppedItems as Json[]) : undefined;
    });
    expect(stopped.map((s) => s.itemCode).sort()).toEqual(['CZ-JK-01', 'CZ-QJ-01']);
    // …and the referrals are cancelled, so the provider can schedule no more visits.
    await eventually('referrals cancelled', async () => {
      const r = await call<Json>('GET', platform.url('referral', `/referrals?caseId=${caseId}`), township);
      return r.body.items?.every((x: Json) => x.status === 'cancelled') ? true : undefined;
    });
    const cancelledAssignment = await eventually('assignment cancelled', async () => {
      const r = await call<Json>('GET', platform.url('provider-scheduling', `/assignments/${referralId}`), provider);
      return r.body.status === 'cancelled' ? r.body : undefined;
    });
    expect(cancelledAssignment.cancellation.reason).toContain('变更救助身份');
    const refused = await call<Json>(
      'POST',
      platform.url('provider-scheduling', `/assignments/${referralId}/visits`),
      provider,
      { workerId: worker08, scheduledFor: new Date().toISOString(), durationMinutes: 15 },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('assignment_cancelled');
    const deliveredAfterStop = await call<Json>(
      'POST',
      platform.url('provider-scheduling', `/visits/${planned.body.visitId}/delivery`),
      provider,
      { deliveredAt: new Date().toISOString(), units: 1 },
    );
    expect(deliveredAfterStop.status).toBe(409);
    expect(deliveredAfterStop.body.code).toBe('delivered_after_stop');
    // Someone newly added to 低保 this month is on the follow-up list for her village.
    const added = await call<Json>('POST', platform.url('intake', '/registry/status-changes'), county, {
      region: 'chizhou',
      idNumber: residentId('341702', '1961-07-08', 31),
      name: '刘建国',
      township: '341702001',
      village: '341702001202',
      groups: ['dibao'],
      effectiveFrom: new Date().toISOString().slice(0, 10),
      source: '低保系统',
    });
    expect(added.status).toBe(201);
    const thisMonth = new Date().toISOString().slice(0, 7);
    await eventually('follow-up listed', async () => {
      const r = await call<Json>('GET', platform.url('assessment', `/follow-ups?month=${thisMonth}`), township);
      return r.body.items?.some((f: Json) => f.personId === added.body.personId && f.village === '341702001202')
        ? true
        : undefined;
    });

    // Every event of this case happened exactly once, in order, keyed by the case id; nothing dead-lettered.
    const events = await eventually('all events on the wire', async () => {
      const all = await readAllEvents(platform.options.kafkaBrokers, platform.topicPrefix);
      return all.some((e) => e.type === 'complaint.received.v1') && all.some((e) => e.type === 'settlement.accrued.v1')
        ? all
        : undefined;
    });
    const ofCase = events.filter((e) => e.key === caseId);
    const count = (type: string) => new Set(ofCase.filter((e) => e.type === type).map((e) => e.id)).size;
    expect({
      registered: count('request.registered.v3'),
      opened: count('case.opened.v1'),
      assigned: count('investigation.assigned.v1'),
      investigated: count('investigation.recorded.v1'),
      decided: count('eligibility.decided.v2'),
      referred: count('referral.created.v1'),
      accepted: count('assignment.accepted.v1'),
      scheduled: count('visit.scheduled.v1'),
      delivered: count('visit.delivered.v2'),
      verified: count('visit.verified.v1'),
      accrued: count('settlement.accrued.v1'),
      // Complaint events are keyed by the complaint id (one complaint's events stay in order).
      complained: new Set(
        events
          .filter((e) => e.type === 'complaint.received.v1' && e.data.caseId === caseId && e.key === e.data.complaintId)
          .map((e) => e.id),
      ).size,
      stopped: count('eligibility.changed.v1'),
      cancelled: count('referral.cancelled.v1'),
    }).toEqual({
      registered: 1,
      opened: 1,
      assigned: 1,
      investigated: 1,
      decided: 1,
      referred: 2,
      accepted: 1,
      // The visit delivered, and the one planned before the stop (never delivered, cancelled with the service).
      scheduled: 2,
      delivered: 1,
      verified: 1,
      accrued: 1,
      complained: 1,
      stopped: 1,
      cancelled: 2,
    });
    expect(events.filter((e) => e.topic === 'carelink.deadletter.v1')).toEqual([]);
    // Trace context travelled from the first HTTP request through every hop.
    const traceOf = (e: { headers: Record<string, string> }) => e.headers.traceparent?.split('-')[1];
    const registeredEvent = ofCase.find((e) => e.type === 'request.registered.v3')!;
    expect(traceOf(registeredEvent)).toMatch(/^[0-9a-f]{32}$/);
    expect(traceOf(ofCase.find((e) => e.type === 'case.opened.v1')!)).toBe(traceOf(registeredEvent));
  });
});
