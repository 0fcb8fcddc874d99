import { loadPolicyPacks } from '@carelink/policy';
import type { Complaint } from '../src/domain/complaint';
import {
  collectAttributes,
  OPEN311_SERVICES,
  open311RequestBody,
  open311ToCommand,
  toServiceRequest,
} from '../src/domain/open311/georeport';
import { receiveComplaint, receiveComplaintCommand } from '../src/domain/receive-complaint/receive-complaint';
import { chinaMonthRange, complaintStatistics } from '../src/domain/statistics/complaint-statistics';
import { spreadsheetSafe, statisticsCsv } from '../src/entry-points/http/statistics-export';
import { refusalOf } from './refusals';

const pack = loadPolicyPacks().get('chizhou')!;

describe('Open311 GeoReport v2', () => {
  it('lists one service per complaint type with the fields the spec requires', () => {
    expect(OPEN311_SERVICES).toHaveLength(5);
    for (const s of OPEN311_SERVICES)
      expect(Object.keys(s)).toEqual(
        expect.arrayContaining([
          'service_code',
          'service_name',
          'description',
          'metadata',
          'type',
          'keywords',
          'group',
        ]),
      );
  });

  it('maps a request to a complaint; location and subject are required; form attributes are collected', () => {
    const form = {
      service_code: 'money',
      description: '补贴未到账',
      address_id: '341702001',
      'attribute[provider_id]': 'prov-1',
    };
    const body = open311RequestBody.parse(form);
    const attrs = collectAttributes(form);
    expect(attrs).toEqual({ provider_id: 'prov-1' });
    const command = receiveComplaintCommand.parse(open311ToCommand('chizhou', body, attrs));
    expect(command).toMatchObject({
      channel: 'open311',
      type: 'money',
      about: { providerId: 'prov-1', township: '341702001' },
      anonymous: false,
    });
    expect(
      refusalOf(() =>
        open311ToCommand('chizhou', open311RequestBody.parse({ service_code: 'money', description: 'x' }), {
          provider_id: 'p',
        }),
      ),
    ).toBe('invalid location_required');
    expect(
      refusalOf(() =>
        open311ToCommand(
          'chizhou',
          open311RequestBody.parse({ service_code: 'money', description: 'x', address_string: '某村' }),
          {},
        ),
      ),
    ).toBe('invalid subject_required');
    expect(open311RequestBody.safeParse({ service_code: 'pothole', description: 'x' }).success).toBe(false);
    const anon = open311ToCommand('chizhou', body, { provider_id: 'p', anonymous: 'true' });
    expect(anon.anonymous).toBe(true);
    expect(anon.reporter).toBeUndefined();
  });

  it('shows a complaint as a service request with the spec’s fields and no reporter', () => {
    const complaint = receiveComplaint(
      {
        complaintId: 'c-1',
        sequence: 9,
        command: receiveComplaintCommand.parse({
          region: 'chizhou',
          channel: 'open311',
          type: 'money',
          about: { township: '341702001' },
          summary: '补贴未到账',
          reporter: { name: '李四' },
        }),
        knownCase: null,
        pack,
        reporterSealed: 'v1.secret',
        receivedBy: 'city-12345',
      },
      { now: new Date('2026-11-25T01:00:00Z') },
    ).state!;
    const r = toServiceRequest(complaint);
    for (const field of ['service_request_id', 'status', 'service_code', 'requested_datetime', 'updated_datetime'])
      expect(r).toHaveProperty(field);
    expect(r).toMatchObject({ service_request_id: 'TS-20261125-0009', status: 'open', address_id: '341702001' });
    expect(JSON.stringify(r)).not.toContain('secret');
  });
});

describe('statistics', () => {
  const c = (over: Partial<Complaint>): Complaint =>
    ({ kind: 'complaint', type: 'money', status: 'received', about: {}, escalated: false, ...over }) as Complaint;

  it('counts per township, provider and type, with ratings averaged', () => {
    const month = [
      c({
        township: '341702001',
        about: { providerId: 'p1' },
        status: 'closed',
        outcome: { upheld: true, summary: 'x' },
        rating: { score: 4, ratedAt: '' },
      }),
      c({
        township: '341702001',
        about: { providerId: 'p1' },
        kind: 'consultation',
        type: 'other',
        rating: { score: 5, ratedAt: '' },
      }),
      c({ township: '341702002', escalated: true }),
    ];
    expect(complaintStatistics(month, 'township')).toEqual([
      {
        key: '341702001',
        received: 2,
        complaints: 1,
        consultations: 1,
        resolved: 1,
        upheld: 1,
        escalated: 0,
        rated: 2,
        averageRatingTenths: 45,
      },
      {
        key: '341702002',
        received: 1,
        complaints: 1,
        consultations: 0,
        resolved: 0,
        upheld: 0,
        escalated: 1,
        rated: 0,
        averageRatingTenths: 0,
      },
    ]);
    expect(complaintStatistics(month, 'provider').map((r) => [r.key, r.received])).toEqual([
      ['p1', 2],
      ['（未涉及服务机构）', 1],
    ]);
    expect(complaintStatistics(month, 'type').map((r) => r.key)).toEqual(['资金问题', '其他']);
  });

  it('bounds a month in China time', () => {
    expect(chinaMonthRange('2026-12')).toEqual({ from: '2026-11-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
  });
});

describe('the CSV export', () => {
  it('defuses cells a spreadsheet would run as a formula, leaving numbers and plain text alone', () => {
    const row = (key: string) => ({
      key,
      received: 1,
      complaints: 1,
      consultations: 0,
      resolved: 0,
      upheld: 0,
      escalated: 0,
      rated: 0,
      averageRatingTenths: -1,
    });
    const lines = statisticsCsv(
      ['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', '\tx', 'prov-9', '341702001'].map(row),
    )
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]);
    expect(lines).toEqual([`"'=HYPERLINK(""http://x"")"`, "'+1", "'-2", "'@SUM(A1)", "'\tx", 'prov-9', '341702001']);
    expect(spreadsheetSafe(-1)).toBe(-1);
  });
});
