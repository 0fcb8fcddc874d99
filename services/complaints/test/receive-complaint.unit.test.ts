import type { StaffPrincipal } from '@carelink/auth';
import { ComplaintReceived, topics } from '@carelink/contracts';
import { AppError, assertInJurisdiction } from '@carelink/http';
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
import type { PendingEvent } from '@carelink/store';

const CASE_ID = '0192f3a4-5b6c-7d8e-9f00-112233445566';
const knownCase: KnownCase = {
  caseId: CASE_ID,
  caseNumber: 'CZ341702-2026-000001',
  region: 'chizhou',
  township: '341702001',
  personId: 'p_0123456789abcdef',
};
const command: ReceiveComplaint = {
  caseId: CASE_ID,
  type: 'service_quality',
  channel: 'hotline',
  summary: '上门服务人员迟到两个小时',
};
const now = new Date('2026-11-25T09:00:00+08:00');
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
  it('accepts the hotline and the request channels, and a summary of 1..2000 characters', () => {
    expect(receiveComplaintCommand.safeParse(command).success).toBe(true);
    expect(receiveComplaintCommand.safeParse({ ...command, channel: 'ivr' }).success).toBe(true);
    expect(receiveComplaintCommand.safeParse({ ...command, channel: 'fax' }).success).toBe(false);
    expect(receiveComplaintCommand.safeParse({ ...command, type: 'rudeness' }).success).toBe(false);
    expect(receiveComplaintCommand.safeParse({ ...command, caseId: 'CZ341702-2026-000001' }).success).toBe(false);
    expect(receiveComplaintCommand.safeParse({ ...command, summary: '  ' }).success).toBe(false);
    expect(receiveComplaintCommand.safeParse({ ...command, summary: 'x'.repeat(2001) }).success).toBe(false);
  });
});

describe('building a complaint', () => {
  it('is received, numbered by the China day, scoped to the case’s township, with its ComplaintReceived event', () => {
    const late = new Date('2026-11-30T17:00:00Z');
    const { complaint, events, acknowledgement } = receiveComplaint({
      complaintId: 'c-1',
      sequence: 3,
      command,
      knownCase,
      receivedBy: 'op-1',
      now: late,
      traceparent,
    });
    expect(complaint).toEqual({
      complaintId: 'c-1',
      complaintNumber: 'TS-20261201-0003',
      caseId: CASE_ID,
      caseNumber: 'CZ341702-2026-000001',
      region: 'chizhou',
      township: '341702001',
      type: 'service_quality',
      channel: 'hotline',
      summary: '上门服务人员迟到两个小时',
      status: 'received',
      receivedAt: '2026-11-30T17:00:00.000Z',
      receivedBy: 'op-1',
    });
    expect(events).toHaveLength(1);
    expect(events[0]!.topic).toBe(topics.complaints);
    expect(events[0]!.event).toMatchObject({
      type: ComplaintReceived.type,
      source: '/carelink/complaints',
      partitionkey: CASE_ID,
      traceparent,
      data: {
        complaintId: 'c-1',
        complaintNumber: 'TS-20261201-0003',
        caseId: CASE_ID,
        township: '341702001',
        type: 'service_quality',
        channel: 'hotline',
        receivedAt: '2026-11-30T17:00:00.000Z',
      },
    });
    expect(acknowledgement.zh).toContain('TS-20261201-0003');
    expect(acknowledgement.en).toContain('TS-20261201-0003');
  });
});

describe('receiving a complaint', () => {
  function deps(principal: StaffPrincipal, known: KnownCase | null = knownCase) {
    const inserted: { complaint: Complaint; events: PendingEvent[] }[] = [];
    let seq = 0;
    return {
      inserted,
      deps: {
        cases: { get: async () => known },
        complaints: {
          nextSequence: async () => ++seq,
          insert: async (complaint: Complaint, events: PendingEvent[]) => void inserted.push({ complaint, events }),
        },
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
    const first = await handleReceiveComplaint(command, staff(), d);
    const second = await handleReceiveComplaint(command, staff(), d);
    expect(first).toMatchObject({
      complaintNumber: 'TS-20261125-0001',
      status: 'received',
      acknowledgement: { zh: expect.stringContaining('TS-20261125-0001') },
    });
    expect(second.complaintNumber).toBe('TS-20261125-0002');
    expect(first.complaintId).not.toBe(second.complaintId);
    expect(inserted.map((i) => i.complaint.complaintId)).toEqual([first.complaintId, second.complaintId]);
  });

  it('refuses a case it does not know yet with 422 unknown_case', async () => {
    const { deps: d } = deps(staff(), null);
    await expect(codeOf(handleReceiveComplaint(command, staff(), d))).resolves.toBe('422 unknown_case');
    await expect(handleReceiveComplaint(command, staff(), d)).rejects.toMatchObject({
      messageZh: '未找到该申请，请核对受理编号',
    });
  });

  it('staff need the case in their jurisdiction; a channel adapter acts for the resident', async () => {
    const outside = staff({ role: 'township_caseworker', jurisdiction: '341702002' });
    await expect(codeOf(handleReceiveComplaint(command, outside, deps(outside).deps))).resolves.toBe(
      '403 outside_jurisdiction',
    );
    const adapter = staff({ role: 'channel_adapter', jurisdiction: '652301' });
    await expect(
      codeOf(handleReceiveComplaint({ ...command, channel: 'chatbot' }, adapter, deps(adapter).deps)),
    ).resolves.toBe('no error');
  });
});
