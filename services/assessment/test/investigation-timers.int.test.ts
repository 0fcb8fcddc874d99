/**
 * The investigation time limits on the real servers: the assessment service runs in-process on Kafka,
 * FerretDB and Redis; the delayed BullMQ jobs are promoted (not waited for five working days).
 */
import { topics } from '@carelink/contracts';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { registration, startInProcess, until, type InProcess } from './in-process';

describe('home investigation reminders and overdue escalation (BullMQ on real Redis)', () => {
  let service: InProcess;
  beforeAll(async () => {
    service = await startInProcess('inv');
  });
  afterAll(() => service?.stop());

  it('reminds the team, then escalates to the county once; recording cancels both', async () => {
    const caseId = randomUUID();
    const { running, queue, token, url, getCase, post, published } = service;
    const registered = registration(caseId, 'CZ341702-2026-900001');
    await running.ctx.bus.publish(topics.intakeRequests, registered);
    await until(async () => ((await getCase(caseId)).status === 'open' ? true : undefined));

    const assigned = await post(`/cases/${caseId}/investigation-team`, {
      team: [
        { staffId: 'clerk-9', name: '王', office: '341702001' },
        { staffId: 'c-2', name: '李', office: '341702001201' },
      ],
    });
    expect(assigned.status).toBe(201);
    const asAssigned = (await assigned.json()) as Record<string, unknown>;
    expect(asAssigned).toMatchObject({ caseId, status: 'investigating', version: 1, investigation: { assignment: 1 } });
    expect(Object.keys(asAssigned).filter((k) => k.startsWith('_') || k === 'jurisdictions')).toEqual([]);
    expect(await getCase(caseId)).toEqual(asAssigned);
    const reminder = await queue.getJob(`investigation-reminder_${caseId}_1`);
    const overdue = await queue.getJob(`investigation-overdue_${caseId}_1`);
    expect(await reminder!.getState()).toBe('delayed');
    expect(await overdue!.getState()).toBe('delayed');
    expect(overdue!.opts.delay).toBeGreaterThan(2 * 24 * 3600_000); // five working days ahead

    await reminder!.promote();
    await overdue!.promote();
    const escalated = await until(async () => {
      const c = await getCase(caseId);
      return c.investigation?.overdue ? c : undefined;
    });
    expect(escalated.status).toBe('investigating');
    // Both events went through the outbox to Kafka. The two jobs ran at once and commit one after the
    // other: wait for both events rather than for a fixed time.
    await until(
      async () =>
        (await published('investigation.duesoon.v1')) && (await published('investigation.overdue.v1'))
          ? true
          : undefined,
      300,
    );

    // A second assignment gets new timers; recording the investigation cancels them.
    await post(`/cases/${caseId}/investigation-team`, {
      team: [
        { staffId: 'clerk-9', name: '王', office: '341702001' },
        { staffId: 'c-3', name: '赵', office: '341702001' },
      ],
    });
    expect(await (await queue.getJob(`investigation-overdue_${caseId}_2`))!.getState()).toBe('delayed');
    const recorded = await post(`/cases/${caseId}/investigation`, {
      household: { members: 2, livingAlone: false },
      difficulty: { types: ['重病'], degree: 'severe' },
      carer: 'present',
      illnesses: [],
      needs: [{ kind: 'individual', category: 'cleaning', description: '清洁' }],
    });
    expect(recorded.status).toBe(201);
    expect(await queue.getJob(`investigation-overdue_${caseId}_2`)).toBeUndefined();
    expect(await queue.getJob(`investigation-reminder_${caseId}_2`)).toBeUndefined();

    // The township's review now has its own clock; when it runs out, the county is told once.
    const reviewClock = await queue.getJob(`decision-overdue_${caseId}_township`);
    expect(await reviewClock!.getState()).toBe('delayed');
    await reviewClock!.promote();
    const reviewEscalated = await until(async () => {
      const c = await getCase(caseId);
      return c.escalatedLevels?.includes('township') ? c : undefined;
    });
    expect(reviewEscalated.status).toBe('investigated');
    await until(async () => ((await published('decision.overdue.v1')) ? true : undefined));

    // The recorded need reaches the township needs ledger, in JSON, CSV and XLSX.
    const ledger = await until(async () => {
      const l = (await (
        await fetch(url('/needs-ledger'), { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { individual?: { caseNumber: string }[] };
      return l.individual?.length === 1 ? l : undefined;
    });
    expect(ledger.individual![0]).toMatchObject({
      caseNumber: 'CZ341702-2026-900001',
      category: 'cleaning',
      description: '清洁',
    });
    const csvBytes = Buffer.from(
      await (
        await fetch(url('/needs-ledger?format=csv'), { headers: { authorization: `Bearer ${token}` } })
      ).arrayBuffer(),
    );
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM, so that Excel reads UTF-8
    const csv = csvBytes.subarray(3).toString('utf8');
    expect(csv.startsWith('受理编号,')).toBe(true);
    expect(csv).toContain('个性需求');
    const xlsx = await fetch(url('/needs-ledger?format=xlsx'), { headers: { authorization: `Bearer ${token}` } });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['共性需求', '个性需求', '汇总']);
    expect(book.getWorksheet('个性需求')!.getRow(2).getCell(7).value).toBe('清洁');
    const bad = await fetch(url('/needs-ledger?format=pdf'), { headers: { authorization: `Bearer ${token}` } });
    expect(bad.status).toBe(400);
  });
});
