import type { StaffPrincipal } from '@carelink/auth';
import { ComplaintReceived, ComplaintTransitioned, topics } from '@carelink/contracts';
import { loadPolicyPacks } from '@carelink/policy';
import type { Complaint, KnownCase } from '../src/domain/complaint';
import { handleReceiveComplaint } from '../src/domain/receive-complaint/handle-receive-complaint';
import {
  complaintSequenceScope,
  dayInChina,
  formatComplaintNumber,
  receiveComplaint,
  receiveComplaintCommand,
  type ReceiveComplaint,
} from '../src/domain/receive-complaint/receive-complaint';
import { complaintIdFor } from '../src/entry-points/http/receive';
import { InMemoryCommits } from './in-memory-commits';
import { refusalOfAsync } from './refusals';

const packs = loadPolicyPacks();
const pack = packs.get('chizhou')!;
const CASE_ID = '0192f3a4-5b6c-7d8e-9f00-112233445566';
const knownCase: KnownCase = {
  caseId: CASE_ID,
  caseNumber: 'CZ341702-2026-000001',
  region: 'chizhou',
  township: '341702001',
  personId: 'p_0123456789abcdef',
};
const command: ReceiveComplaint = {
  region: 'chizhou',
  about: { caseId: CASE_ID },
  type: 'service_quality',
  channel: 'hotline',
  summary: '上门服务人员迟到两个小时',
};
const parsed = (c: ReceiveComplaint) => receiveComplaintCommand.parse(c);
const now = new Date('2026-11-25T09:00:00+08:00'); // a Wednesday

describe('complaint numbers', () => {
  it('read TS-YYYYMMDD-NNNN', () => {
    expect(formatComplaintNumber('20261125', 7)).toBe('TS-20261125-0007');
    expect(formatComplaintNumber('20261125', 12345)).toBe('TS-20261125-12345');
  });

  it('take the day in China time', () => {
    expect(dayInChina(new Date('2026-11-30T16:30:00Z'))).toBe('20261201');
    expect(dayInChina(new Date('2026-12-01T00:30:00+08:00'))).toBe('20261201');
    expect(dayInChina(new Date('2026-11-30T23:59:00+08:00'))).toBe('20261130');
    expect(complaintSequenceScope(new Date('2026-12-31T16:00:00Z'))).toBe('complaints-20270101');
  });
});

describe('the complaint command', () => {
  const ok = (over: Record<string, unknown>) => receiveComplaintCommand.safeParse({ ...command, ...over }).success;
  it('accepts every channel, both kinds, and a summary of 1..2000 characters', () => {
    expect(ok({})).toBe(true);
    for (const channel of ['ivr', 'chatbot', 'hotline', 'window', 'online', 'open311'])
      expect(ok({ channel })).toBe(true);
    expect(ok({ channel: 'fax' })).toBe(false);
    expect(ok({ type: 'rudeness' })).toBe(false);
    expect(ok({ kind: 'consultation' })).toBe(true);
    expect(ok({ kind: 'gossip' })).toBe(false);
    expect(ok({ summary: '  ' })).toBe(false);
    expect(ok({ summary: 'x'.repeat(2001) })).toBe(false);
    expect(parsed(command).kind).toBe('complaint');
  });

  it('needs something the complaint is about, a case by id or by number', () => {
    expect(ok({ about: {} })).toBe(false);
    expect(ok({ about: { caseNumber: 'CZ341702-2026-000001' } })).toBe(true);
    expect(ok({ about: { caseId: 'CZ341702-2026-000001' } })).toBe(false);
    expect(ok({ about: { providerId: 'prov-1' } })).toBe(true);
    expect(ok({ about: { township: '3417' } })).toBe(false);
  });

  it('checks the reporter’s ID number and phone; only a consultation is answered at once', () => {
    expect(ok({ reporter: { idNumber: '341702195001010011' } })).toBe(false);
    expect(ok({ reporter: { phone: '13800138000', name: '张三' } })).toBe(true);
    expect(ok({ reporter: { phone: '12' } })).toBe(false);
    expect(ok({ answer: '可以' })).toBe(false);
    expect(ok({ kind: 'consultation', answer: '可以' })).toBe(true);
  });
});

describe('building a complaint', () => {
  it('is received, numbered by the China day, scoped to the case’s township, keyed by complaint id', () => {
    const late = new Date('2026-11-30T17:00:00Z');
    const {
      state: complaint,
      events,
      result,
    } = receiveComplaint(
      {
        complaintId: 'c-1',
        sequence: 3,
        command: parsed(command),
        knownCase,
        pack,
        reporterSealed: 'v1.sealed',
        receivedBy: 'op-1',
      },
      { now: late },
    );
    expect(complaint).toMatchObject({
      complaintId: 'c-1',
      complaintNumber: 'TS-20261201-0003',
      region: 'chizhou',
      kind: 'complaint',
      caseId: CASE_ID,
      caseNumber: 'CZ341702-2026-000001',
      about: { caseId: CASE_ID, caseNumber: 'CZ341702-2026-000001' },
      township: '341702001',
      scope: '341702001',
      status: 'received',
      reporterSealed: 'v1.sealed',
      round: 1,
      history: [],
      receivedAt: '2026-11-30T17:00:00.000Z',
    });
    // Tuesday 1 December 01:00 China time: 2 working days → Thursday, 15 → three weeks on.
    expect(complaint!.acknowledgeBy).toBe('2026-12-02T17:00:00.000Z');
    expect(complaint!.resolveBy).toBe('2026-12-21T17:00:00.000Z');
    expect(events).toHaveLength(1);
    expect(events![0]).toMatchObject({
      topic: topics.complaints,
      type: ComplaintReceived.type,
      key: 'c-1',
      data: { complaintId: 'c-1', caseId: CASE_ID, township: '341702001', kind: 'complaint', anonymous: false },
    });
    expect(JSON.stringify(events![0]!.data)).not.toContain('sealed');
    expect(result).toMatchObject({ complaintId: 'c-1', complaintNumber: 'TS-20261201-0003', status: 'received' });
    expect(result!.acknowledgement.zh).toContain('TS-20261201-0003');
  });

  it('stores no identity for an anonymous complaint; a provider-only complaint is scoped to the region', () => {
    const { state: complaint, events } = receiveComplaint(
      {
        complaintId: 'c-2',
        sequence: 1,
        command: parsed({ ...command, about: { providerId: 'prov-1' }, anonymous: true }),
        knownCase: null,
        pack,
        reporterSealed: 'v1.sealed',
        receivedBy: 'bot',
      },
      { now },
    );
    expect(complaint!.reporterSealed).toBeUndefined();
    expect(complaint!.anonymous).toBe(true);
    expect(complaint!.township).toBeUndefined();
    expect(complaint!.scope).toBe('3417');
    expect(events![0]!.data).toMatchObject({ about: { providerId: 'prov-1' }, anonymous: true });
  });

  it('closes a consultation answered at once, with the transition event', () => {
    const {
      state: complaint,
      events,
      result,
    } = receiveComplaint(
      {
        complaintId: 'c-3',
        sequence: 1,
        command: parsed({ ...command, kind: 'consultation', answer: '可以到乡镇窗口申请' }),
        knownCase,
        pack,
        receivedBy: 'op-1',
      },
      { now },
    );
    expect(complaint!.status).toBe('closed');
    expect(complaint!.answer).toBe('可以到乡镇窗口申请');
    expect(events!.map((e) => e.type)).toEqual([ComplaintReceived.type, ComplaintTransitioned.type]);
    expect(events![1]!.data).toMatchObject({ from: 'received', to: 'closed', actor: 'op-1' });
    expect(result!.status).toBe('closed');
    expect(result!.acknowledgement.zh).toContain('答复');
  });
});

describe('receiving a complaint', () => {
  function deps(known: KnownCase | null = knownCase, missing: string[] = []) {
    const complaints = new InMemoryCommits<Complaint>(packs, now);
    const drawn: string[] = [];
    return {
      complaints,
      drawn,
      deps: {
        complaints,
        numbers: { nextSequence: async (scope: string) => drawn.push(scope) },
        cases: { get: async () => known, getByNumber: async (n: string) => (known?.caseNumber === n ? known : null) },
        missingAttachments: async () => missing,
        seal: (plain: string) => `sealed:${plain}`,
      },
    };
  }
  const staff = (over: Partial<StaffPrincipal> = {}): StaffPrincipal => ({
    sub: 'op-1',
    role: 'hotline_operator',
    region: 'chizhou',
    jurisdiction: '341702',
    ...over,
  });
  let n = 0;
  const receive = (c: ReceiveComplaint, principal: StaffPrincipal, d: ReturnType<typeof deps>['deps'], id?: string) =>
    handleReceiveComplaint(id ?? `c-${++n}`, parsed(c), principal, d);

  it('numbers the complaints of a day in sequence and records them with their events', async () => {
    const { deps: d, complaints, drawn } = deps();
    const first = await receive(command, staff(), d);
    const second = await receive(command, staff(), d);
    expect(first).toMatchObject({ complaintNumber: 'TS-20261125-0001', status: 'received' });
    expect(second.complaintNumber).toBe('TS-20261125-0002');
    expect(drawn).toEqual(['complaints-20261125', 'complaints-20261125']);
    expect([...complaints.records.keys()]).toEqual([first.complaintId, second.complaintId]);
    expect(complaints.events.map((e) => e.key)).toEqual([first.complaintId, second.complaintId]);
  });

  it('a repeated submission (the same id) returns the first complaint instead of a second, without a number', async () => {
    const { deps: d, complaints, drawn } = deps();
    const id = complaintIdFor('op-1', 'tg-update-4711');
    expect(complaintIdFor('op-1', 'tg-update-4711')).toBe(id);
    expect(complaintIdFor('op-2', 'tg-update-4711')).not.toBe(id);
    const first = await receive(command, staff(), d, id);
    const again = await receive(command, staff(), d, id);
    expect(again).toMatchObject({
      complaintId: first.complaintId,
      complaintNumber: first.complaintNumber,
      replayed: true,
    });
    expect(first.replayed).toBeUndefined();
    expect(complaints.records.size).toBe(1);
    expect(complaints.events).toHaveLength(1);
    expect(drawn).toHaveLength(1);
  });

  it('finds the case by number and seals the reporter', async () => {
    const { deps: d, complaints } = deps();
    const { complaintId } = await receive(
      { ...command, about: { caseNumber: 'CZ341702-2026-000001' }, reporter: { name: '张三' } },
      staff(),
      d,
    );
    expect(complaints.records.get(complaintId)!.caseId).toBe(CASE_ID);
    expect(complaints.records.get(complaintId)!.reporterSealed).toBe('sealed:{"name":"张三"}');
  });

  it('refuses an unknown case, another region, and attachments never uploaded — without drawing a number', async () => {
    const unknownCase = deps(null);
    await expect(refusalOfAsync(receive(command, staff(), unknownCase.deps))).resolves.toBe(
      'unprocessable unknown_case',
    );
    const otherRegion = deps();
    await expect(refusalOfAsync(receive({ ...command, region: 'changji' }, staff(), otherRegion.deps))).resolves.toBe(
      'forbidden outside_region',
    );
    const withFile = { ...command, attachmentIds: ['0123456789abcdef01234567'] };
    const notUploaded = deps(knownCase, ['0123456789abcdef01234567']);
    await expect(refusalOfAsync(receive(withFile, staff(), notUploaded.deps))).resolves.toBe(
      'unprocessable unknown_attachment',
    );
    for (const refused of [unknownCase, otherRegion, notUploaded]) {
      expect(refused.drawn).toEqual([]);
      expect(refused.complaints.records.size).toBe(0);
    }
  });

  it('staff need the township in their jurisdiction; a channel adapter acts for the resident', async () => {
    const outside = staff({ role: 'township_caseworker', jurisdiction: '341702002' });
    await expect(refusalOfAsync(receive(command, outside, deps().deps))).resolves.toBe(
      'forbidden outside_jurisdiction',
    );
    const adapter = staff({ role: 'channel_adapter', jurisdiction: '341702002' });
    await expect(refusalOfAsync(receive({ ...command, channel: 'chatbot' }, adapter, deps().deps))).resolves.toBe(
      'no error',
    );
  });
});
