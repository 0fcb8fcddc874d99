import type { StaffPrincipal } from '@carelink/auth';
import { ComplaintReceived, ComplaintTransitioned, topics } from '@carelink/contracts';
import { AppError, assertInJurisdiction } from '@carelink/http';
import { loadPolicyPacks } from '@carelink/policy';
import type { PendingEvent } from '@carelink/store';
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
const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

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
    const { complaint, events, acknowledgement } = receiveComplaint({
      complaintId: 'c-1',
      sequence: 3,
      command: parsed(command),
      knownCase,
      pack,
      reporterSealed: 'v1.sealed',
      receivedBy: 'op-1',
      now: late,
      traceparent,
    });
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
    expect(complaint.acknowledgeBy).toBe('2026-12-02T17:00:00.000Z');
    expect(complaint.resolveBy).toBe('2026-12-21T17:00:00.000Z');
    expect(events).toHaveLength(1);
    expect(events[0]!.topic).toBe(topics.complaints);
    expect(events[0]!.event).toMatchObject({
      type: ComplaintReceived.type,
      partitionkey: 'c-1',
      traceparent,
      data: { complaintId: 'c-1', caseId: CASE_ID, township: '341702001', kind: 'complaint', anonymous: false },
    });
    expect(JSON.stringify(events[0]!.event)).not.toContain('sealed');
    expect(acknowledgement.zh).toContain('TS-20261201-0003');
  });

  it('stores no identity for an anonymous complaint; a provider-only complaint is scoped to the region', () => {
    const { complaint, events } = receiveComplaint({
      complaintId: 'c-2',
      sequence: 1,
      command: parsed({ ...command, about: { providerId: 'prov-1' }, anonymous: true }),
      knownCase: null,
      pack,
      reporterSealed: 'v1.sealed',
      receivedBy: 'bot',
      now,
    });
    expect(complaint.reporterSealed).toBeUndefined();
    expect(complaint.anonymous).toBe(true);
    expect(complaint.township).toBeUndefined();
    expect(complaint.scope).toBe('3417');
    expect(events[0]!.event.data).toMatchObject({ about: { providerId: 'prov-1' }, anonymous: true });
  });

  it('closes a consultation answered at once, with the transition event', () => {
    const { complaint, events, acknowledgement } = receiveComplaint({
      complaintId: 'c-3',
      sequence: 1,
      command: parsed({ ...command, kind: 'consultation', answer: '可以到乡镇窗口申请' }),
      knownCase,
      pack,
      receivedBy: 'op-1',
      now,
    });
    expect(complaint.status).toBe('closed');
    expect(complaint.answer).toBe('可以到乡镇窗口申请');
    expect(events.map((e) => e.event.type)).toEqual([ComplaintReceived.type, ComplaintTransitioned.type]);
    expect(events[1]!.event.data).toMatchObject({ from: 'received', to: 'closed', actor: 'op-1' });
    expect(acknowledgement.zh).toContain('答复');
  });
});

describe('receiving a complaint', () => {
  function deps(principal: StaffPrincipal, known: KnownCase | null = knownCase, missing: string[] = []) {
    const inserted: { complaint: Complaint; events: PendingEvent[] }[] = [];
    let seq = 0;
    return {
      inserted,
      deps: {
        cases: { get: async () => known, getByNumber: async (n: string) => (known?.caseNumber === n ? known : null) },
        complaints: {
          nextSequence: async () => ++seq,
          insert: async (complaint: Complaint, events: PendingEvent[]) => void inserted.push({ complaint, events }),
          get: async (id: string) => inserted.find((i) => i.complaint.complaintId === id)?.complaint ?? null,
        },
        policies: packs,
        missingAttachments: async () => missing,
        seal: (plain: string) => `sealed:${plain}`,
        now: () => now,
        traceparent: () => traceparent,
        assertInJurisdiction: (code: string) => assertInJurisdiction(principal, code),
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
  const codeOf = async (p: Promise<unknown>) =>
    p.then(
      () => 'no error',
      (e: AppError) => `${e.status} ${e.code}`,
    );

  it('numbers the complaints of a day in sequence and records them', async () => {
    const { deps: d, inserted } = deps(staff());
    const first = await handleReceiveComplaint(parsed(command), staff(), d);
    const second = await handleReceiveComplaint(parsed(command), staff(), d);
    expect(first).toMatchObject({ complaintNumber: 'TS-20261125-0001', status: 'received' });
    expect(second.complaintNumber).toBe('TS-20261125-0002');
    expect(inserted.map((i) => i.complaint.complaintId)).toEqual([first.complaintId, second.complaintId]);
  });

  it('with an Idempotency-Key, a repeated submission returns the first complaint instead of a second', async () => {
    const { deps: d, inserted } = deps(staff());
    const first = await handleReceiveComplaint(parsed(command), staff(), d, 'tg-update-4711');
    const again = await handleReceiveComplaint(parsed(command), staff(), d, 'tg-update-4711');
    const other = await handleReceiveComplaint(parsed(command), staff({ sub: 'op-2' }), d, 'tg-update-4711');
    expect(again).toMatchObject({
      complaintId: first.complaintId,
      complaintNumber: first.complaintNumber,
      replayed: true,
    });
    expect(other.complaintId).not.toBe(first.complaintId);
    expect(inserted).toHaveLength(2);
  });

  it('finds the case by number and seals the reporter', async () => {
    const { deps: d, inserted } = deps(staff());
    await handleReceiveComplaint(
      parsed({ ...command, about: { caseNumber: 'CZ341702-2026-000001' }, reporter: { name: '张三' } }),
      staff(),
      d,
    );
    expect(inserted[0]!.complaint.caseId).toBe(CASE_ID);
    expect(inserted[0]!.complaint.reporterSealed).toBe('sealed:{"name":"张三"}');
  });

  it('refuses an unknown case, another region, and attachments never uploaded', async () => {
    await expect(codeOf(handleReceiveComplaint(parsed(command), staff(), deps(staff(), null).deps))).resolves.toBe(
      '422 unknown_case',
    );
    await expect(
      codeOf(handleReceiveComplaint(parsed({ ...command, region: 'changji' }), staff(), deps(staff()).deps)),
    ).resolves.toBe('403 outside_region');
    const withFile = parsed({ ...command, attachmentIds: ['0123456789abcdef01234567'] });
    await expect(
      codeOf(handleReceiveComplaint(withFile, staff(), deps(staff(), knownCase, ['0123456789abcdef01234567']).deps)),
    ).resolves.toBe('422 unknown_attachment');
  });

  it('staff need the township in their jurisdiction; a channel adapter acts for the resident', async () => {
    const outside = staff({ role: 'township_caseworker', jurisdiction: '341702002' });
    await expect(codeOf(handleReceiveComplaint(parsed(command), outside, deps(outside).deps))).resolves.toBe(
      '403 outside_jurisdiction',
    );
    const adapter = staff({ role: 'channel_adapter', jurisdiction: '341702002' });
    await expect(
      codeOf(handleReceiveComplaint(parsed({ ...command, channel: 'chatbot' }), adapter, deps(adapter).deps)),
    ).resolves.toBe('no error');
  });
});
