/**
 * Issue 15, assessment: the investigation verifies assistance statuses against the registers and eligibility
 * follows what was verified (a person who declared none can be found eligible: 主动发现); the documents the region
 * requires are checked before an item is approved, and a level may decide without them only with a reason.
 */
import { buildEvent, DocumentAttached, DomainError, RequestRegistered } from '@carelink/contracts';
import { loadPolicyPacks } from '@carelink/policy';
import { assistanceStatusOf, explainAssistanceStatus } from '../src/domain/assistance-status/assistance-status';
import type { CaseState, InvestigationResult } from '../src/domain/case';
import { decideEligibility } from '../src/domain/decide-eligibility/decide-eligibility';
import { decideDocumentAttached } from '../src/domain/documents/documents';
import { recordInvestigation, type RecordInvestigation } from '../src/domain/investigate/investigate';
import { decideOpenCase } from '../src/domain/open-case/open-case';
import { code, contextAt } from './fixtures';

const packs = loadPolicyPacks();
const chizhou = packs.get('chizhou')!;
const changji = packs.get('changji')!;
const now = new Date('2026-11-25T02:00:00Z');
const onFile = (...kinds: string[]) =>
  kinds.map((kind, i) => ({ attachmentId: `att-${i}`, kind, at: now.toISOString() }));
const ALL_BASIC = onFile('id_card', 'household_register', 'status_proof');

const result = (over: Partial<InvestigationResult> = {}): InvestigationResult => ({
  recordedBy: 'wang',
  recordedAt: '2026-11-24T02:00:00.000Z',
  household: { members: 1, livingAlone: true },
  difficulty: { types: ['行动不便'], degree: 'moderate' },
  needs: [{ kind: 'common', category: 'cleaning', description: '居家清洁' }],
  verifiedConditions: [],
  conditionReasons: [],
  ...over,
});

/** A Chizhou case investigated by wang and li, its findings as given. */
const investigated = (over: Partial<CaseState> = {}, findings: Partial<InvestigationResult> = {}): CaseState => ({
  caseId: '0192f3a4-5b6c-7d8e-9f00-112233445566',
  caseNumber: 'CZ341702-2026-000077',
  region: 'chizhou',
  status: 'investigated',
  version: 3,
  person: {
    personId: 'p_0123456789abcdef',
    name: '赵大爷',
    ageAtRegistration: 71,
    idNumberMasked: '341*************1X',
  },
  address: { county: '341702', township: '341702001', village: '341702001201' },
  declaredGroups: [],
  declaredStatus: 'none',
  declaredConditions: [],
  consent: { given: true, givenBy: 'applicant', recordedAt: now.toISOString() },
  itemCodes: ['CZ-QJ-01'],
  channel: 'proactive',
  openedAt: '2026-11-20T02:00:00.000Z',
  decisions: [],
  documents: ALL_BASIC,
  investigation: {
    assignment: 1,
    team: [
      { staffId: 'wang', name: '王', office: '341702001' },
      { staffId: 'li', name: '李', office: '341702001201' },
    ],
    assignedBy: 'clerk',
    assignedAt: '2026-11-20T02:00:00.000Z',
    dueAt: '2026-11-27T02:00:00.000Z',
    overdue: false,
    result: result(findings),
  },
  ...over,
});

const approve = (
  state: CaseState,
  extra: { missingDocumentsReason?: string } = {},
  level: 'township' | 'county' = 'township',
) =>
  decideEligibility(
    state,
    packs.get(state.region)!,
    level,
    'clerk',
    { items: state.itemCodes.map((itemCode) => ({ itemCode, approve: true })), ...extra },
    now,
  );

const thrown = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('no error thrown');
};

describe('verified assistance statuses', () => {
  const dibaoVerified = {
    status: 'dibao' as const,
    register: 'dibao_register',
    documentRef: '低保证 341702-2025-0012',
  };

  it('finds a person who declared none eligible once the investigation verified a status (主动发现)', () => {
    const unverified = investigated();
    expect(code(() => approve(unverified))).toBe('not_eligible');
    const found = investigated({}, { verifiedStatuses: [dibaoVerified] });
    expect(assistanceStatusOf(found)).toMatchObject({ basis: 'verified', groups: ['dibao'] });
    const decided = approve(found);
    expect(decided.final).toEqual([
      { itemCode: 'CZ-QJ-01', approved: true, reason: expect.stringContaining('低保对象') },
    ]);
  });

  it('goes by what was verified, not what was declared, once the registers were checked', () => {
    // Declared 特困; the registers confirmed nothing: the declaration no longer counts.
    const notConfirmed = investigated(
      { declaredGroups: ['tekun'], declaredStatus: 'declared' },
      { verifiedStatuses: [] },
    );
    expect(assistanceStatusOf(notConfirmed)).toMatchObject({ basis: 'verified', groups: [] });
    const refused = thrown(() => approve(notConfirmed));
    expect(refused.code).toBe('not_eligible');
    expect(refused.details).toEqual([
      expect.objectContaining({ itemCode: 'CZ-QJ-01', code: 'not_eligible', outcomes: expect.any(Array) }),
    ]);
    // An investigation that did not check the registers leaves the declaration standing.
    const unchecked = investigated({ declaredGroups: ['tekun'], declaredStatus: 'declared' });
    expect(assistanceStatusOf(unchecked)).toMatchObject({ basis: 'declared', groups: ['tekun'] });
    expect(approve(unchecked).status).toBe('decided');
  });

  it("takes a register's report over the investigation when it is newer, and the investigation when it is", () => {
    const register = { groups: ['tekun'], source: '特困供养系统', effectiveFrom: '2026-11-01' };
    const newer = investigated(
      { registerStatus: { ...register, recordedAt: '2026-11-25T00:00:00.000Z' } },
      { verifiedStatuses: [dibaoVerified] },
    );
    expect(assistanceStatusOf(newer)).toMatchObject({ basis: 'register', groups: ['tekun'] });
    const older = investigated(
      { registerStatus: { ...register, recordedAt: '2026-11-01T00:00:00.000Z' } },
      { verifiedStatuses: [dibaoVerified] },
    );
    expect(assistanceStatusOf(older)).toMatchObject({ basis: 'verified', groups: ['dibao'] });
  });

  it('explains, in Chinese, what was declared beside what was verified and against which register', () => {
    const found = investigated({}, { verifiedStatuses: [dibaoVerified] });
    expect(explainAssistanceStatus(assistanceStatusOf(found), chizhou)).toBe(
      '申报：无救助身份；入户调查核实：低保对象（民政低保信息系统，低保证 341702-2025-0012）（按核实认定）',
    );
    const unsure = investigated({ declaredStatus: 'not_sure' }, { verifiedStatuses: [] });
    expect(explainAssistanceStatus(assistanceStatusOf(unsure), chizhou)).toBe(
      '申报：不清楚；入户调查核实：未核实到任何救助身份（按核实认定）',
    );
    const declared = investigated({ declaredGroups: ['tekun'], declaredStatus: 'declared' });
    expect(explainAssistanceStatus(assistanceStatusOf(declared), chizhou)).toBe(
      '申报：特困人员（尚未核实，按申报认定）',
    );
  });

  describe('recorded by the team, checked against the registers of the pack', () => {
    const open = investigated({ status: 'investigating' });
    delete open.investigation!.result;
    const form = (verifiedStatuses: RecordInvestigation['verifiedStatuses']): RecordInvestigation => ({
      household: { members: 1, livingAlone: true },
      difficulty: { types: ['行动不便'], degree: 'moderate' },
      carer: 'absent',
      illnesses: [],
      needs: [{ kind: 'common', category: 'cleaning', description: '居家清洁' }],
      verifiedConditions: [],
      evidencePhotos: [],
      ...(verifiedStatuses ? { verifiedStatuses } : {}),
    });

    it('keeps each verified status with its register and document', () => {
      expect(recordInvestigation(open, chizhou, form([dibaoVerified]), 'wang', now).verifiedStatuses).toEqual([
        dibaoVerified,
      ]);
      expect(recordInvestigation(open, chizhou, form(undefined), 'wang', now)).not.toHaveProperty('verifiedStatuses');
    });

    it('refuses a register that does not hold the status, one the region lacks, or a status named twice', () => {
      const wrongRegister = thrown(() =>
        recordInvestigation(open, chizhou, form([{ ...dibaoVerified, register: 'tekun_register' }]), 'wang', now),
      );
      expect(wrongRegister.code).toBe('register_does_not_hold_status');
      expect(wrongRegister.details).toEqual([
        expect.objectContaining({ path: 'verifiedStatuses.0.register', code: 'register_does_not_hold_status' }),
      ]);
      expect(
        code(() =>
          recordInvestigation(
            open,
            chizhou,
            form([{ ...dibaoVerified, register: 'disability_register' }]),
            'wang',
            now,
          ),
        ),
      ).toBe('unknown_register');
      // 留守儿童 is a Changji status, not a Chizhou one.
      expect(
        code(() =>
          recordInvestigation(
            open,
            chizhou,
            form([{ status: 'left_behind_child', register: 'child_welfare_register', documentRef: 'x' }]),
            'wang',
            now,
          ),
        ),
      ).toBe('unknown_status');
      expect(code(() => recordInvestigation(open, chizhou, form([dibaoVerified, dibaoVerified]), 'wang', now))).toBe(
        'duplicate_status',
      );
    });
  });

  it('opens a case from a registration that declared no status, as declared', () => {
    const registered = buildEvent(RequestRegistered, {
      source: '/carelink/intake',
      key: '0192f3a4-5b6c-7d8e-9f00-112233445599',
      data: {
        caseId: '0192f3a4-5b6c-7d8e-9f00-112233445599',
        caseNumber: 'CZ341702-2026-000099',
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
        registeredAt: now.toISOString(),
        registeredBy: 'coordinator',
        consent: { given: true, givenBy: 'applicant', recordedAt: now.toISOString() },
      },
    });
    const opened = decideOpenCase(undefined, registered, contextAt(now)).state!;
    expect(opened).toMatchObject({ declaredGroups: [], declaredStatus: 'none' });
    expect(assistanceStatusOf(opened)).toMatchObject({ basis: 'declared', groups: [] });
  });
});

describe('required documents', () => {
  const verified = {
    verifiedStatuses: [{ status: 'tekun', register: 'tekun_register', documentRef: '特困供养证 0042' }],
  };

  it('refuses to approve without the documents the region requires, listing them per item (422, errors a list)', () => {
    const lacking = investigated({ documents: onFile('id_card'), itemCodes: ['CZ-QJ-01', 'CZ-JK-02'] }, verified);
    const refused = thrown(() => approve(lacking));
    expect(refused.kind).toBe('unprocessable');
    expect(refused.code).toBe('documents_missing');
    expect(refused.messageZh).toBe(
      '以下材料尚未上传：户口本、社会救助对象相关证明、疾病证明。请补充材料，或填写未补齐材料仍作决定的理由',
    );
    expect(refused.details).toEqual([
      expect.objectContaining({ itemCode: 'CZ-QJ-01', documents: ['household_register', 'status_proof'] }),
      expect.objectContaining({
        itemCode: 'CZ-JK-02',
        documents: ['household_register', 'status_proof', 'illness_certificate'],
      }),
    ]);
  });

  it('decides without them with a reason, kept with the decision; rejected items need no documents', () => {
    const lacking = investigated({ documents: onFile('id_card', 'household_register') }, verified);
    const decided = approve(lacking, { missingDocumentsReason: '低保证原件已入户查验，复印件下周补交' });
    expect(decided.decision.missingDocuments).toEqual({
      items: [{ itemCode: 'CZ-QJ-01', documents: ['status_proof'] }],
      reason: '低保证原件已入户查验，复印件下周补交',
    });
    const rejected = decideEligibility(
      lacking,
      chizhou,
      'township',
      'clerk',
      { items: [{ itemCode: 'CZ-QJ-01', approve: false, note: '已有子女照料' }] },
      now,
    );
    expect(rejected.decision).not.toHaveProperty('missingDocuments');
    // Nothing missing: nothing recorded, whatever reason was given.
    expect(approve(investigated({}, verified), { missingDocumentsReason: '多余' }).decision).not.toHaveProperty(
      'missingDocuments',
    );
  });

  it("lets the county confirm on the township's reason for the same documents, and asks again for others", () => {
    const changjiCase = investigated(
      {
        region: 'changji',
        address: { county: '652301', township: '652301001' },
        itemCodes: ['CJ-ZH-01'],
        documents: onFile('id_card', 'household_register'),
      },
      { verifiedStatuses: [{ status: 'tekun', register: 'tekun_register', documentRef: '特困供养证 7' }] },
    );
    const township = approve(changjiCase, { missingDocumentsReason: '原件已查验' });
    expect(township.status).toBe('awaiting_county');
    const awaiting: CaseState = { ...changjiCase, status: 'awaiting_county', decisions: [township.decision] };
    const county = approve(awaiting, {}, 'county');
    expect(county.decision.missingDocuments).toEqual({
      items: [{ itemCode: 'CJ-ZH-01', documents: ['status_proof'] }],
      reason: '乡镇(街道)审核已说明：原件已查验',
    });
    const townshipWithAll = approve({ ...changjiCase, documents: ALL_BASIC });
    const lostOne: CaseState = {
      ...changjiCase,
      status: 'awaiting_county',
      decisions: [townshipWithAll.decision],
      documents: onFile('id_card'),
    };
    expect(code(() => approve(lostOne, {}, 'county'))).toBe('documents_missing');
    expect(changji.requiredDocuments).toContain('status_proof');
  });

  it('keeps an attached document on the case once, whatever number of times it is delivered', () => {
    const open = investigated({ documents: [] });
    const attached = buildEvent(DocumentAttached, {
      source: '/carelink/intake',
      key: open.caseId,
      data: {
        caseId: open.caseId,
        caseNumber: open.caseNumber,
        region: 'chizhou',
        township: '341702001',
        attachmentId: '65a1b2c3d4e5f60718293a4b',
        kind: 'status_proof',
        attachedBy: 'clerk',
        attachedAt: now.toISOString(),
      },
    });
    const once = decideDocumentAttached(open, attached).state!;
    expect(once.documents).toEqual([
      { attachmentId: '65a1b2c3d4e5f60718293a4b', kind: 'status_proof', at: now.toISOString() },
    ]);
    expect(once.version).toBe(open.version + 1);
    expect(decideDocumentAttached(once, attached)).toEqual({});
    expect(decideDocumentAttached(undefined, attached)).toEqual({});
  });
});
