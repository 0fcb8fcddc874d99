import { freeText, DomainError } from '@carelink/contracts';
import { z } from 'zod';
import type { Complaint, ComplaintStatus, ComplaintType } from '../complaint';
import { TYPE_NAMES } from '../statistics/complaint-statistics';
import type { ReceiveComplaint } from '../receive-complaint/receive-complaint';
import { OPEN_STATUSES } from '../worklist/complaint-worklist';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2/): each complaint type is a service; a
 * service request is a complaint. Carelink's "location" is administrative: `address_id` carries a
 * township code, `attribute[case_number]` / `attribute[provider_id]` say what the complaint is about.
 */
export const OPEN311_SERVICES = (Object.keys(TYPE_NAMES) as ComplaintType[]).map((code) => ({
  service_code: code,
  service_name: TYPE_NAMES[code],
  description: `社会救助服务${TYPE_NAMES[code]}投诉`,
  metadata: true,
  type: 'realtime' as const,
  keywords: '社会救助,服务类救助,投诉',
  group: '社会救助',
}));

export const OPEN311_ATTRIBUTES = [
  { code: 'case_number', datatype: 'string', required: false, description: '申请受理编号' },
  { code: 'provider_id', datatype: 'string', required: false, description: '服务机构编号' },
  { code: 'worker_id', datatype: 'string', required: false, description: '服务人员编号' },
  { code: 'anonymous', datatype: 'string', required: false, description: '匿名（true/false）' },
].map((a, i) => ({ ...a, variable: true, order: i + 1, datatype_description: null, values: [] }));

/** A POST /requests.json body: GeoReport field names, JSON or form-encoded (attribute[x] flattened). */
export const open311RequestBody = z
  .object({
    service_code: z.enum(Object.keys(TYPE_NAMES) as [ComplaintType, ...ComplaintType[]]),
    description: freeText().trim().min(1).max(2000),
    lat: z.coerce.number().min(-90).max(90).optional(),
    long: z.coerce.number().min(-180).max(180).optional(),
    address_string: z.string().trim().min(1).max(500).optional(),
    address_id: z
      .string()
      .regex(/^\d{9}$/, 'a township code (9 digits)')
      .optional(),
    email: z.string().max(200).optional(),
    device_id: z.string().max(200).optional(),
    account_id: z.string().max(200).optional(),
    first_name: freeText().max(100).optional(),
    last_name: freeText().max(100).optional(),
    phone: z.string().max(30).optional(),
    media_url: z.string().url().optional(),
    attribute: z.record(z.string(), z.string()).optional(),
  })
  .passthrough();
export type Open311Request = z.infer<typeof open311RequestBody>;

/** Form encoding sends `attribute[case_number]=…` as flat keys (or nested, depending on the parser). */
export function collectAttributes(body: Record<string, unknown>): Record<string, string> {
  const nested = (body.attribute && typeof body.attribute === 'object' ? body.attribute : {}) as Record<
    string,
    unknown
  >;
  const flat = Object.entries(body)
    .map(([k, v]) => [/^attribute\[(\w+)\]$/.exec(k)?.[1], v] as const)
    .filter(([k]) => k !== undefined);
  return Object.fromEntries(
    [...Object.entries(nested), ...flat].filter(([, v]) => typeof v === 'string') as [string, string][],
  );
}

/** The GeoReport request as a ReceiveComplaint command; location is required by the spec. */
export function open311ToCommand(
  region: string,
  body: Open311Request,
  attrs: Record<string, string>,
): ReceiveComplaint {
  const hasLocation = (body.lat !== undefined && body.long !== undefined) || body.address_string || body.address_id;
  if (!hasLocation)
    throw DomainError.invalid(
      'location_required',
      'a location is required: lat & long, address_string or address_id',
      '请提供位置（经纬度、地址或乡镇代码）',
    );
  const about = {
    ...(attrs.case_number ? { caseNumber: attrs.case_number } : {}),
    ...(attrs.provider_id ? { providerId: attrs.provider_id } : {}),
    ...(attrs.worker_id ? { workerId: attrs.worker_id } : {}),
    ...(body.address_id ? { township: body.address_id } : {}),
  };
  if (Object.keys(about).length === 0)
    throw DomainError.invalid(
      'subject_required',
      'name what the complaint is about: address_id (township), attribute[case_number] or attribute[provider_id]',
      '请说明投诉涉及的乡镇、申请或服务机构',
    );
  const anonymous = attrs.anonymous === 'true';
  const name = [body.last_name, body.first_name].filter(Boolean).join('');
  const summary = body.address_string ? `${body.description}（地点：${body.address_string}）` : body.description;
  return {
    region,
    channel: 'open311',
    kind: 'complaint',
    type: body.service_code,
    about,
    summary: summary.slice(0, 2000),
    anonymous,
    ...(anonymous || !(name || body.phone)
      ? {}
      : { reporter: { ...(name ? { name } : {}), ...(body.phone ? { phone: body.phone } : {}) } }),
  };
}

/** The complaint states GeoReport calls `closed`; every other state is `open`. */
export const CLOSED_STATUSES: ComplaintStatus[] = ['resolved', 'closed'];

/**
 * A complaint as a GeoReport service request (open/closed). Never the reporter's identity; the free text (the
 * description and the outcome, which may name people or give a home address) only to the system that filed it
 * (`ownFiling`): to anyone else both are null.
 */
export function toServiceRequest(c: Complaint, { ownFiling = true }: { ownFiling?: boolean } = {}) {
  const closed = CLOSED_STATUSES.includes(c.status);
  return {
    service_request_id: c.complaintNumber,
    status: closed ? 'closed' : 'open',
    status_notes: ownFiling ? (c.outcome?.summary ?? c.answer ?? null) : null,
    service_name: TYPE_NAMES[c.type],
    service_code: c.type,
    description: ownFiling ? c.summary : null,
    agency_responsible: c.assignee ? `${c.assignee.level}:${c.assignee.unit}` : null,
    service_notice: null,
    requested_datetime: c.receivedAt,
    updated_datetime: c.updatedAt,
    expected_datetime: closed ? null : c.resolveBy,
    address: null,
    address_id: c.township ?? null,
    zipcode: null,
    lat: null,
    long: null,
    media_url: null,
  };
}

const DAY_MS = 86_400_000;
/** GeoReport v2: a search spans at most 90 days; without dates it covers the last 90 days. */
export const OPEN311_MAX_SPAN_DAYS = 90;
/** GeoReport v2: at most the first 1000 requests at once (what a page holds unless `page_size` says fewer). */
export const OPEN311_MAX_RESULTS = 1000;

const w3DateTime = z
  .string()
  .datetime({ offset: true, message: 'a w3 datetime with its offset, e.g. 2026-11-01T00:00:00+08:00' });
/** A comma-delimited list (no spaces) of `values`, as GeoReport declares repeated arguments; repeated keys too. */
const commaList = <T extends string>(values: readonly T[]) =>
  z.preprocess(
    (v) => (Array.isArray(v) ? v.join(',') : v),
    z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean),
      )
      .refine((list) => list.length > 0 && list.every((v) => (values as readonly string[]).includes(v)), {
        message: `one or more of ${values.join(', ')}, comma-separated`,
      })
      .transform((list) => [...new Set(list)] as T[]),
  );

/**
 * GET requests.json as GeoReport v2 defines it: `service_request_id` (comma-delimited) overrides every other
 * argument; else `service_code`, `start_date`/`end_date` (on requested_datetime, at most 90 days apart) and
 * `status` (open, closed) narrow the list; `page` and `page_size` (the common extension, e.g. Chicago's and
 * Austin's endpoints) page through it. Other arguments (`jurisdiction_id`, `lat`/`long`, a client's own) are
 * not GeoReport filters here and are ignored, never refused.
 */
export const open311ListQuery = z.object({
  service_request_id: z.string().min(1).max(2000).optional(),
  service_code: commaList(Object.keys(TYPE_NAMES) as ComplaintType[]).optional(),
  status: commaList(['open', 'closed'] as const).optional(),
  start_date: w3DateTime.optional(),
  end_date: w3DateTime.optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  page_size: z.coerce.number().int().min(1).max(OPEN311_MAX_RESULTS).default(OPEN311_MAX_RESULTS),
});
export type Open311ListQuery = z.infer<typeof open311ListQuery>;

/** What a GeoReport listing searches: received within [from, to), of these types and states. */
export interface Open311Search {
  received: { from: string; to: string };
  types?: ComplaintType[];
  statuses?: ComplaintStatus[];
}

/**
 * The search a listing's arguments ask for, as GeoReport v2 has it: no dates → the last 90 days; one date → 90
 * days from (or up to) it; both → that range, which may not be reversed nor span more than 90 days. Pure.
 */
export function open311Search(query: Open311ListQuery, now: Date): Open311Search {
  const span = OPEN311_MAX_SPAN_DAYS * DAY_MS;
  const start = query.start_date ? Date.parse(query.start_date) : undefined;
  const end = query.end_date ? Date.parse(query.end_date) : undefined;
  if (start !== undefined && end !== undefined && start > end)
    throw DomainError.invalid('invalid_range', 'start_date is after end_date', '开始时间不能晚于结束时间');
  if (start !== undefined && end !== undefined && end - start > span)
    throw DomainError.invalid(
      'range_too_long',
      `start_date and end_date may be at most ${OPEN311_MAX_SPAN_DAYS} days apart`,
      `查询时间跨度不能超过${OPEN311_MAX_SPAN_DAYS}天`,
    );
  const to = end ?? (start !== undefined ? start + span : now.getTime());
  const from = start ?? to - span;
  const statuses = query.status
    ? [
        ...(query.status.includes('open') ? OPEN_STATUSES : []),
        ...(query.status.includes('closed') ? CLOSED_STATUSES : []),
      ]
    : undefined;
  return {
    // end_date is the latest datetime to include: the range ends just after it.
    received: { from: new Date(from).toISOString(), to: new Date(to + 1).toISOString() },
    ...(query.service_code ? { types: query.service_code } : {}),
    ...(statuses && statuses.length < OPEN_STATUSES.length + CLOSED_STATUSES.length ? { statuses } : {}),
  };
}
