import { checkCharacter } from '@carelink/contracts/resident-id';
import { describe, expect, it } from '@jest/globals';
import {
  applicationOrder,
  chinaDay,
  completionOf,
  idNumberProblem,
  keepApplication,
  PENDING_LIST_LIMIT,
  pendingPage,
  type PendingApplicationView,
} from './pending-identity-rules';

let serial = 0;
const application = (over: Partial<PendingApplicationView> = {}): PendingApplicationView => {
  serial += 1;
  return {
    applicationId: `app-${serial}`,
    applicationNumber: `CZ341702-2026-D${String(serial).padStart(5, '0')}`,
    region: 'chizhou',
    channel: 'ivr',
    county: '341702',
    township: '341702001',
    callerPhone: '13311112222',
    recordings: { name: true, need: true },
    status: 'awaiting_identity',
    receivedAt: '2026-12-01T02:00:00.000Z',
    ...over,
  };
};

const first17 = '34170219520715003';
const VALID_ID = first17 + checkCharacter(first17);
const wrongCheck = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

describe('the 待核实身份 list', () => {
  it('keeps the applications of the state, township, China-time days and number digits asked for', () => {
    const a = application({ township: '341702001', callerPhone: '13311112222' });
    // 01:30 on 1 December in China is still 30 November in UTC.
    const late = application({
      township: '341702002',
      receivedAt: '2026-11-30T17:30:00.000Z',
      callerPhone: '13905663456',
    });
    const done = application({ status: 'completed' });
    const hidden = application({ callerPhone: undefined });
    const all = [a, late, done, hidden];
    const kept = (f: Parameters<typeof keepApplication>[0]) =>
      all.filter(keepApplication(f)).map((x) => x.applicationId);

    expect(kept({ status: 'awaiting_identity' })).toEqual([a.applicationId, late.applicationId, hidden.applicationId]);
    expect(kept({ status: 'completed' })).toEqual([done.applicationId]);
    expect(kept({ status: 'awaiting_identity', township: '341702002' })).toEqual([late.applicationId]);
    expect(chinaDay(late.receivedAt)).toBe('2026-12-01');
    expect(kept({ status: 'awaiting_identity', from: '2026-12-01', to: '2026-12-01' })).toHaveLength(3);
    expect(kept({ status: 'awaiting_identity', to: '2026-11-30' })).toEqual([]);
    expect(kept({ status: 'awaiting_identity', from: '2026-12-02' })).toEqual([]);
    // Digits as typed, spaces and dashes aside; a row whose number the service did not give never matches.
    expect(kept({ status: 'awaiting_identity', phone: '566-3456' })).toEqual([late.applicationId]);
    expect(kept({ status: 'awaiting_identity', phone: ' ' })).toHaveLength(3);
  });

  it('puts the callers waiting longest first, and the latest completed first', () => {
    const older = application({ receivedAt: '2026-12-01T01:00:00.000Z' });
    const newer = application({ receivedAt: '2026-12-01T03:00:00.000Z' });
    expect([newer, older].sort(applicationOrder('awaiting_identity'))).toEqual([older, newer]);
    const doneEarly = application({
      status: 'completed',
      receivedAt: '2026-12-01T03:00:00.000Z',
      completion: {
        caseId: 'c1',
        caseNumber: 'CZ341702-2026-000001',
        by: 'cz-township',
        at: '2026-12-01T04:00:00.000Z',
      },
    });
    const doneLate = application({
      status: 'completed',
      receivedAt: '2026-12-01T01:00:00.000Z',
      completion: {
        caseId: 'c2',
        caseNumber: 'CZ341702-2026-000002',
        by: 'cz-township',
        at: '2026-12-02T04:00:00.000Z',
      },
    });
    expect([doneEarly, doneLate].sort(applicationOrder('completed'))).toEqual([doneLate, doneEarly]);
  });

  it('pages what the filters keep, counts it, and says when the service answered all it lists', () => {
    const items = Array.from({ length: 25 }, (_, i) =>
      application({ receivedAt: new Date(Date.UTC(2026, 11, 1, 0, i)).toISOString() }),
    );
    const second = pendingPage(items, { status: 'awaiting_identity' }, { page: 2, pageSize: 10 });
    expect(second.total).toBe(25);
    expect(second.rows.map((r) => r.applicationId)).toEqual(items.slice(10, 20).map((r) => r.applicationId));
    expect(second.capped).toBeUndefined();
    expect(second.pagedByService).toBe(false);
    const none = pendingPage(items, { status: 'awaiting_identity', township: '341702009' }, { page: 1, pageSize: 10 });
    expect(none).toMatchObject({ rows: [], total: 0 });

    const full = Array.from({ length: PENDING_LIST_LIMIT }, () => application());
    expect(pendingPage(full, { status: 'awaiting_identity' }, { page: 1, pageSize: 20 }).capped).toBe(true);
  });
});

describe('the 补全身份 form', () => {
  it('sends intake the completion trimmed, the statuses only when declared, empty fields left out', () => {
    expect(
      completionOf({
        name: ' 马桂花 ',
        idNumber: ` ${VALID_ID.slice(0, 17)}x `,
        village: '341702001201',
        addressDetail: '  ',
        declaredStatus: 'declared',
        declaredGroups: ['dibao'],
        items: ['CZ-SH-01'],
        description: '',
        consentToShare: true,
      }),
    ).toEqual({
      applicant: { name: '马桂花', idNumber: `${VALID_ID.slice(0, 17)}X` },
      village: '341702001201',
      declaredStatus: 'declared',
      declaredGroups: ['dibao'],
      items: ['CZ-SH-01'],
      consentToShare: true,
    });
    expect(
      completionOf({
        name: '马桂花',
        idNumber: VALID_ID,
        declaredStatus: 'not_sure',
        declaredGroups: ['dibao'],
        items: ['CZ-SH-01'],
        addressDetail: '长江路 12 号',
        description: '腿脚不便',
      }),
    ).toEqual({
      applicant: { name: '马桂花', idNumber: VALID_ID },
      addressDetail: '长江路 12 号',
      declaredStatus: 'not_sure',
      declaredGroups: [],
      items: ['CZ-SH-01'],
      description: '腿脚不便',
      consentToShare: false,
    });
  });

  it('says what is wrong with a typed ID number (GB 11643), in the UI language', () => {
    expect(idNumberProblem(VALID_ID, true)).toBeUndefined();
    expect(idNumberProblem(VALID_ID.toLowerCase(), true)).toBeUndefined();
    expect(idNumberProblem(wrongCheck(VALID_ID), true)).toBe('身份证号码校验位不正确，请核对后重新输入');
    expect(idNumberProblem(wrongCheck(VALID_ID), false)).toBe('the check digit does not match (GB 11643)');
    expect(idNumberProblem('3417021952', true)).toContain('18位');
    // Born after the day it is typed.
    const future = '34170220300101001';
    expect(idNumberProblem(future + checkCharacter(future), true, new Date('2026-12-01'))).toBe(
      '身份证号码中的出生日期不正确',
    );
  });
});
