import { loadPolicyPacks } from '@carelink/policy';
import type { Complaint } from '../src/domain/complaint';
import {
  collectAttributes,
  OPEN311_SERVICES,
  open311ListQuery,
  open311RequestBody,
  open311Search,
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

describe('Open311 GeoReport v2 listing (GET requests.json without ids)', () => {
  const now = new Date('2026-11-25T04:00:00Z');
  const search = (q: Record<string, unknown>) => open311Search(open311ListQuery.parse(q), now);

  it('covers the last 90 days without dates, and pages 1000 at a time', () => {
    expect(open311ListQuery.parse({})).toMatchObject({ page: 1, page_size: 1000 });
    expect(search({})).toEqual({
      received: { from: '2026-08-27T04:00:00.000Z', to: '2026-11-25T04:00:00.001Z' },
    });
  });

  it('searches requested_datetime within start_date and end_date (end included), at most 90 days apart', () => {
    expect(search({ start_date: '2026-11-01T00:00:00+08:00', end_date: '2026-11-02T00:00:00+08:00' })).toEqual({
      received: { from: '2026-10-31T16:00:00.000Z', to: '2026-11-01T16:00:00.001Z' },
    });
    // One date alone: 90 days from it, or up to it.
    expect(search({ start_date: '2026-01-01T00:00:00Z' }).received).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.001Z',
    });
    expect(search({ end_date: '2026-04-01T00:00:00Z' }).received.from).toBe('2026-01-01T00:00:00.000Z');
    expect(refusalOf(() => search({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-06-01T00:00:00Z' }))).toBe(
      'invalid range_too_long',
    );
    expect(refusalOf(() => search({ start_date: '2026-02-01T00:00:00Z', end_date: '2026-01-01T00:00:00Z' }))).toBe(
      'invalid invalid_range',
    );
    // Dates in the w3 format with their offset only.
    expect(open311ListQuery.safeParse({ start_date: '2026-01-01' }).success).toBe(false);
  });

  it('narrows by service codes and by open or closed, as comma lists', () => {
    expect(search({ service_code: 'money,other', status: 'closed' })).toMatchObject({
      types: ['money', 'other'],
      statuses: ['resolved', 'closed'],
    });
    expect(search({ status: 'open' }).statuses).toEqual([
      'received',
      'acknowledged',
      'assigned',
      'investigating',
      'reopened',
    ]);
    // Both states: no narrowing at all.
    expect(search({ status: ['open', 'closed'] })).not.toHaveProperty('statuses');
    expect(open311ListQuery.safeParse({ service_code: 'pothole' }).success).toBe(false);
    expect(open311ListQuery.safeParse({ status: 'pending' }).success).toBe(false);
    expect(open311ListQuery.safeParse({ page_size: '1001' }).success).toBe(false);
  });

  it('ignores what GeoReport does not filter by here (lat/long, jurisdiction_id): never a 400', () => {
    const parsed = open311ListQuery.safeParse({ lat: '30.66', long: '117.49', jurisdiction_id: 'chizhou' });
    expect(parsed.success).toBe(true);
    expect(search({ lat: '30.66', long: '117.49' })).toEqual(search({}));
  });

  it('gives the free text only to the system that filed the complaint', () => {
    const complaint = {
      complaintNumber: 'TS-20261125-0001',
      status: 'resolved',
      type: 'money',
      summary: '王大妈家住某村3号，补贴未到账',
      outcome: { upheld: true, summary: '已补发给王大妈' },
      receivedAt: '2026-11-25T01:00:00.000Z',
      updatedAt: '2026-11-25T02:00:00.000Z',
      resolveBy: '2026-12-10T00:00:00.000Z',
      township: '341702001',
    } as Complaint;
    expect(toServiceRequest(complaint)).toMatchObject({ status: 'closed', description: complaint.summary });
    const other = toServiceRequest(complaint, { ownFiling: false });
    expect(other).toMatchObject({ status: 'closed', description: null, status_notes: null });
    expect(JSON.stringify(other)).not.toContain('王');
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
    expect(complaintStatistics(month, 'township', pack)).toEqual([
      {
        key: '341702001',
        name: '池阳街道',
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
        name: '秋浦街道',
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
    // Providers by the names their contracts give them; an id no contract names says so.
    const names = new Map([['p1', '阳光助老服务社']]);
    expect(complaintStatistics(month, 'provider', pack, names).map((r) => [r.key, r.name, r.received])).toEqual([
      ['p1', '阳光助老服务社', 2],
      ['（未涉及服务机构）', '（未涉及服务机构）', 1],
    ]);
    expect(complaintStatistics(month, 'provider', pack).map((r) => [r.key, r.name])).toEqual([
      ['p1', '（名称未知）'],
      ['（未涉及服务机构）', '（未涉及服务机构）'],
    ]);
    expect(complaintStatistics(month, 'type', pack).map((r) => [r.key, r.name])).toEqual([
      ['money', '资金问题'],
      ['other', '其他'],
    ]);
    // A township the pack does not know keeps its code, and no made-up name.
    expect(complaintStatistics([c({ township: '341702999' })], 'township', pack)[0]).toMatchObject({
      key: '341702999',
      name: null,
    });
  });

  it('bounds a month in China time', () => {
    expect(chinaMonthRange('2026-12')).toEqual({ from: '2026-11-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
  });
});

describe('the CSV export', () => {
  it('defuses cells a spreadsheet would run as a formula, leaving numbers and plain text alone', () => {
    const row = (key: string) => ({
      key,
      name: null,
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

  it('gives each row its name beside its code', () => {
    const [header, line] = statisticsCsv([
      {
        key: '341702001',
        name: '池阳街道',
        received: 3,
        complaints: 2,
        consultations: 1,
        resolved: 1,
        upheld: 0,
        escalated: 0,
        rated: 1,
        averageRatingTenths: 40,
      },
    ])
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(header!.split(',').slice(0, 3)).toEqual(['统计项', '名称', '受理总数']);
    expect(line!.split(',').slice(0, 3)).toEqual(['341702001', '池阳街道', '3']);
  });
});
