import {
  buildEvent,
  ComplaintReceived,
  ComplaintTransitioned,
  DocumentAttached,
  EligibilityDecided,
  InvestigationRecorded,
  PlanApproved,
  PlanChanged,
  PlanProposed,
  ReferralAccepted,
  ReferralCreated,
  VisitCheckedIn,
  VisitCheckedOut,
  VisitDelivered,
  VisitDeliveredV2,
  VisitScheduled,
  type EventDefinition,
  type EventInput,
} from '@carelink/contracts';
import { formatServiceNumber, serviceNumberFormat, serviceNumberSequence } from '@carelink/policy';
import {
  recordCaseEvent,
  recordComplaintEvent,
  type CaseRecord,
  type CaseRecordEvent,
} from '../src/domain/person-file/case-record';
import { assembleFile, decideEvaluation, openPersonFile, type PersonFile } from '../src/domain/person-file/person-file';
import { code, contextAt, givenCase, policies, said, staff } from './fixtures';

const caseId = '0192f3a4-5b6c-7d8e-9f00-112233445566';
const now = new Date('2026-12-01T02:00:00.000Z');
const pack = policies.get('chizhou')!;
const facts = { caseId, region: 'chizhou', township: '341702001' };
const visit = {
  ...facts,
  visitId: 'v1',
  referralId: 'r1',
  providerId: 'prov-1',
  workerId: 'w-1',
  itemCode: 'CZ-QJ-01',
};
const plan = { ...facts, planId: 'plan-1', referralId: 'r1', providerId: 'prov-1', itemCode: 'CZ-QJ-01' };
const terms = {
  rrule: 'FREQ=WEEKLY;BYDAY=TU,FR;BYHOUR=9',
  startDate: '2026-12-01',
  endDate: '2027-02-28',
  durationMinutes: 60,
  tasks: ['打扫', '洗衣'],
  workerId: 'w-1',
};

let n = 0;
function event<D extends EventDefinition>(definition: D, data: EventInput<D>, id = `e-${++n}`) {
  return buildEvent(definition, { source: '/test', key: caseId, id, data, time: now });
}

/** Applies events in order, as the consumer does. */
const fold = (events: CaseRecordEvent[], start?: CaseRecord) =>
  events.reduce<CaseRecord | undefined>((r, e) => recordCaseEvent(r, e) ?? r, start);

describe('the service number format of a pack', () => {
  it('formats the county, the year and a zero-padded sequence', () => {
    const place = { region: 'chizhou', county: '341702', year: 2026 };
    expect(formatServiceNumber('CZ{county}{year}{seq:6}', place, 1)).toBe('CZ3417022026000001');
    expect(formatServiceNumber('CZ{county}{year}{seq:6}', place, 123)).toBe('CZ3417022026000123');
    expect(formatServiceNumber('CJ-{seq:5}', place, 42)).toBe('CJ-00042');
  });

  it('draws from one sequence per region and the places the format holds', () => {
    const place = { region: 'chizhou', county: '341702', year: 2026 };
    expect(serviceNumberSequence('CZ{county}{year}{seq:6}', place)).toBe('chizhou/341702/2026');
    expect(serviceNumberSequence('CZ{year}{seq:6}', place)).toBe('chizhou/2026');
    expect(serviceNumberSequence('CZ{seq:6}', place)).toBe('chizhou');
  });

  it('refuses a number past the capacity of the format', () => {
    expect(() => formatServiceNumber('CZ{seq:4}', { region: 'chizhou', county: '341702', year: 2026 }, 10_000)).toThrow(
      RangeError,
    );
  });

  it.each([
    ['CZ{county}{year}', 'exactly one {seq:N}'],
    ['CZ{seq:6}{seq:6}', 'exactly one {seq:N}'],
    ['CZ{seq:2}', 'N is 4 to 9'],
    ['cz{seq:6}', 'A–Z, 0–9 and - only'],
    ['CZ{town}{seq:6}', 'placeholders are'],
    ['CZ{county}{county}{seq:6}', '{county} appears more than once'],
  ])('refuses %s at load', (format, message) => {
    const parsed = serviceNumberFormat.safeParse(format);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.message).join(' ')).toContain(message);
  });

  it('is set in both packs, with its source', () => {
    for (const region of ['chizhou', 'changji']) {
      const p = policies.get(region)!;
      expect(serviceNumberFormat.safeParse(p.serviceNumber).success).toBe(true);
      expect(p.sources.serviceNumber).toMatch(/^(\d{3} |local: )/);
    }
  });
});

describe('opening a person’s file', () => {
  it('numbers it in the person’s county and the year of issue in China, and says so once per person', () => {
    const c = givenCase();
    const { file, events } = openPersonFile(c, pack, 7, { now: new Date('2026-12-31T17:00:00.000Z') });
    // 01:00 on 1 January 2027 in China: the year of issue is 2027.
    expect(file.serviceNumber).toBe('CZ3417022027000007');
    expect(file.sequence).toBe('chizhou/341702/2027');
    expect(file).toMatchObject({ personId: c.person.personId, idNumberMasked: '341*************1X' });
    const [issued] = said(events);
    expect(issued).toMatchObject({ type: 'service-number.issued.v1', key: c.person.personId });
    expect(issued!.id).toBe(said(openPersonFile(c, pack, 7, { now }).events)[0]!.id);
  });
});

const decided = () =>
  event(EligibilityDecided, {
    caseId,
    caseNumber: 'CZ341702-2026-000001',
    region: 'chizhou',
    packVersion: pack.version,
    person: { personId: 'p_0123456789abcdef', name: '张三' },
    address: { county: '341702', township: '341702001' },
    items: [{ itemCode: 'CZ-QJ-01', approved: true, reason: '特困人员，符合清洁服务条件' }],
    consent: { given: true, givenBy: 'applicant', recordedAt: '2026-11-25T00:00:00.000Z' },
    decidedBy: 'clerk-9',
    decidedAt: '2026-11-28T02:00:00.000Z',
  });

describe('the record of a case, from every service’s events', () => {
  it('keeps documents, the needs form, decisions, referrals, plan versions and verified visits', () => {
    const record = fold([
      event(DocumentAttached, {
        ...facts,
        caseNumber: 'CZ341702-2026-000001',
        attachmentId: 'att-1',
        kind: 'id_card',
        attachedBy: 'clerk-9',
        attachedAt: '2026-11-25T01:00:00.000Z',
      }),
      event(InvestigationRecorded, {
        ...facts,
        caseNumber: 'CZ341702-2026-000001',
        recordedBy: 'clerk-9',
        recordedAt: '2026-11-26T01:00:00.000Z',
        difficulty: { types: ['生活困难'], degree: 'severe' },
        barthel: { score: 40, band: 'moderate' },
        verifiedConditions: ['elder'],
        needs: [{ kind: 'common', category: '清洁', itemCode: 'CZ-QJ-01', description: '每周打扫两次' }],
      }),
      decided(),
      event(ReferralCreated, {
        referralId: 'r1',
        caseId,
        caseNumber: 'CZ341702-2026-000001',
        region: 'chizhou',
        itemCode: 'CZ-QJ-01',
        township: '341702001',
        person: { personId: 'p_0123456789abcdef', name: '张三' },
        route: { kind: 'provider', providerId: 'prov-1', contractId: 'k-1' },
        explanation: '合同服务机构，距离最近',
        sharingBasis: { basis: 'consent', givenBy: 'applicant' },
        createdAt: '2026-11-28T03:00:00.000Z',
      }),
      event(ReferralAccepted, {
        referralId: 'r1',
        ...facts,
        itemCode: 'CZ-QJ-01',
        from: 'requested',
        to: 'accepted',
        attempt: 1,
        by: 'prov-staff',
        at: '2026-11-28T05:00:00.000Z',
      }),
      event(PlanProposed, { ...plan, ...terms, planVersion: 1, proposedBy: 'prov-staff' }),
      event(PlanApproved, { ...plan, ...terms, planVersion: 1, approvedBy: 'clerk-9' }),
      event(PlanChanged, {
        ...plan,
        ...terms,
        durationMinutes: 90,
        planVersion: 2,
        previousVersion: 1,
        reason: '增加洗衣时间',
        changedBy: 'prov-staff',
      }),
      event(PlanApproved, { ...plan, ...terms, durationMinutes: 90, planVersion: 2, approvedBy: 'clerk-9' }),
      event(VisitScheduled, { ...visit, scheduledFor: '2026-12-01T01:00:00.000Z' }),
      event(VisitCheckedIn, {
        ...visit,
        scheduledFor: '2026-12-01T01:00:00.000Z',
        checkedInAt: '2026-12-01T01:02:00.000Z',
        distanceMeters: 12,
        farFromHome: false,
      }),
      event(VisitCheckedOut, {
        ...visit,
        scheduledFor: '2026-12-01T01:00:00.000Z',
        checkedInAt: '2026-12-01T01:02:00.000Z',
        checkedOutAt: '2026-12-01T02:00:00.000Z',
        tasksDone: ['打扫'],
        tasksNotDone: [],
        photoCount: 0,
        distanceMeters: 12,
        farFromHome: false,
        confirmBy: '2026-12-02T02:00:00.000Z',
      }),
      event(VisitDeliveredV2, {
        ...visit,
        scheduledFor: '2026-12-01T01:00:00.000Z',
        deliveredAt: '2026-12-01T02:00:00.000Z',
        checkedInAt: '2026-12-01T01:02:00.000Z',
        units: 1,
        tasksDone: ['打扫'],
        distanceMeters: 12,
        farFromHome: false,
        verification: 'verified',
        verificationReason: 'code_confirmed',
      }),
    ])!;
    expect(record.documents).toEqual([
      { attachmentId: 'att-1', kind: 'id_card', attachedBy: 'clerk-9', attachedAt: '2026-11-25T01:00:00.000Z' },
    ]);
    expect(record.needsForms[0]).toMatchObject({ barthel: { score: 40 }, difficulty: { degree: 'severe' } });
    expect(record.decisions[0]!.items[0]).toEqual({
      itemCode: 'CZ-QJ-01',
      approved: true,
      reason: '特困人员，符合清洁服务条件',
    });
    expect(record.referrals[0]).toMatchObject({ receiver: 'provider:prov-1', status: 'accepted' });
    expect(record.plans[0]!.versions.map((v) => [v.planVersion, v.status, v.reason])).toEqual([
      [1, 'superseded', undefined],
      [2, 'approved', '增加洗衣时间'],
    ]);
    expect(record.visits[0]).toMatchObject({
      status: 'delivered',
      checkedInAt: '2026-12-01T01:02:00.000Z',
      checkedOutAt: '2026-12-01T02:00:00.000Z',
      distanceMeters: 12,
      verification: 'verified',
      units: 1,
    });
  });

  it('applies an event once: a redelivery changes nothing', () => {
    const once = recordCaseEvent(undefined, decided())!;
    expect(recordCaseEvent(once, { ...decided(), id: once.appliedEvents[0]! })).toBeUndefined();
    expect(once.decisions).toHaveLength(1);
  });

  it('reads a v1 delivery as an unverified one', () => {
    const record = recordCaseEvent(
      undefined,
      event(VisitDelivered, { ...visit, deliveredAt: '2026-12-01T02:00:00.000Z', units: 1 }),
    )!;
    expect(record.visits[0]).toMatchObject({ status: 'delivered', verification: 'unverified' });
  });

  it('keeps complaints about a case, with their outcome, and none about no case', () => {
    const received = buildEvent(ComplaintReceived, {
      source: '/test',
      key: 'c-1',
      id: 'cr-1',
      data: {
        complaintId: 'c-1',
        complaintNumber: 'TS-1',
        caseId,
        type: 'service_quality',
        channel: 'hotline',
        summary: '服务人员迟到',
        receivedAt: '2026-12-02T01:00:00.000Z',
      },
    });
    const kept = recordComplaintEvent(undefined, received)!;
    expect(kept).toMatchObject({ caseId, status: 'received' });
    const resolved = recordComplaintEvent(
      kept,
      buildEvent(ComplaintTransitioned, {
        source: '/test',
        key: 'c-1',
        data: {
          complaintId: 'c-1',
          complaintNumber: 'TS-1',
          region: 'chizhou',
          from: 'investigating',
          to: 'resolved',
          actor: 'clerk-9',
          reason: '已核实',
          outcome: { upheld: true, summary: '已约谈服务机构' },
          at: '2026-12-03T01:00:00.000Z',
        },
      }),
    )!;
    expect(resolved).toMatchObject({ status: 'resolved', outcome: { upheld: true } });
    expect(recordComplaintEvent(resolved, received)).toBeUndefined();
    const aboutNoCase = { ...received, id: 'cr-2', data: { ...received.data, caseId: undefined } };
    expect(recordComplaintEvent(undefined, aboutNoCase)).toBeUndefined();
  });
});

const fileOf = (c = givenCase()): PersonFile => openPersonFile(c, pack, 1, { now }).file;

describe('assembling a file', () => {
  it('gathers the sections of the person’s cases, each entry naming its case, and counts visits by verification', () => {
    const c = givenCase({ status: 'decided' });
    const record = fold([decided(), event(VisitScheduled, { ...visit, scheduledFor: '2026-12-05T01:00:00.000Z' })])!;
    const stranger = { ...record, caseId: 'another-case' };
    const view = assembleFile(fileOf(c), [c], [record, stranger], []);
    expect(view).toMatchObject({
      serviceNumber: 'CZ3417022026000001',
      person: { name: '张三', idNumberMasked: '341*************1X' },
      township: '341702001',
    });
    expect(view.decisions).toHaveLength(1);
    expect(view.decisions[0]!.caseNumber).toBe(c.caseNumber);
    expect(view.visits).toHaveLength(1);
    expect(view.visitSummary).toEqual({ total: 1, delivered: 0, verified: 0, disputed: 0, unverified: 0 });
  });
});

describe('recording an effect evaluation', () => {
  const c = givenCase({ status: 'decided' });
  const records = [fold([event(PlanApproved, { ...plan, ...terms, planVersion: 1, approvedBy: 'clerk-9' })])!];
  const withBarthel = [
    ...records,
    {
      ...fold([
        event(InvestigationRecorded, {
          ...facts,
          caseNumber: c.caseNumber,
          recordedBy: 'clerk-9',
          recordedAt: '2026-11-26T01:00:00.000Z',
          difficulty: { types: ['生活困难'], degree: 'severe' },
          barthel: { score: 40, band: 'moderate' },
          verifiedConditions: [],
          needs: [],
        }),
      ])!,
    },
  ];
  const form = {
    occasion: 'review' as const,
    satisfaction: 4,
    goalsMet: 'partly_met' as const,
    selfCare: 'improved' as const,
    barthelScore: 55,
    recommendation: 'continue' as const,
  };
  const evaluate = (over: object, contents = { cases: [c], records }) =>
    decideEvaluation(
      fileOf(c),
      { ...form, ...over, by: staff('township_caseworker', 'clerk-9') },
      contents,
      contextAt(now),
    );

  it('records the form in the file with the Barthel index of the latest investigation, and says so', () => {
    const decision = evaluate({ planId: 'plan-1' }, { cases: [c], records: withBarthel });
    expect(decision.state!.evaluations).toHaveLength(1);
    expect(decision.result).toMatchObject({
      ...form,
      planId: 'plan-1',
      caseId,
      barthelBefore: 40,
      recordedBy: 'clerk-9',
    });
    expect(said(decision.events)[0]).toMatchObject({
      type: 'evaluation.recorded.v1',
      key: 'p_0123456789abcdef',
      data: { serviceNumber: 'CZ3417022026000001', satisfaction: 4, recommendation: 'continue' },
    });
  });

  it.each([
    [{ recommendation: 'stop' }, 'remarks'],
    [{ recommendation: 'adjust', remarks: '   ' }, 'remarks'],
    [{ occasion: 'plan_ended' }, 'planId'],
    [{ planId: 'no-such-plan' }, 'planId'],
    [{ caseId: '0192f3a4-5b6c-7d8e-9f00-000000000000' }, 'caseId'],
  ])('refuses %j (400 invalid_evaluation naming %s)', (over, field) => {
    expect(code(() => evaluate(over))).toBe('invalid_evaluation');
    try {
      evaluate(over);
    } catch (e) {
      expect((e as { details: { field: string }[] }).details.map((d) => d.field)).toContain(field);
    }
  });

  it('takes adjust or stop with the reason in the remarks', () => {
    expect(evaluate({ recommendation: 'stop', remarks: '已入住敬老院' }).result).toMatchObject({
      recommendation: 'stop',
    });
  });

  it('finds no file to record in when there is none', () => {
    expect(
      code(() =>
        decideEvaluation(
          undefined,
          { ...form, by: staff('township_caseworker', 'x') },
          { cases: [], records: [] },
          contextAt(now),
        ),
      ),
    ).toBe('not_found');
  });
});
