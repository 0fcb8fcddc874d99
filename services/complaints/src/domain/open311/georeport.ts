import { freeText, DomainError } from '@carelink/contracts';
import { z } from 'zod';
import type { Complaint, ComplaintType } from '../complaint';
import { TYPE_NAMES } from '../statistics/complaint-statistics';
import type { ReceiveComplaint } from '../receive-complaint/receive-complaint';

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

/** A complaint as a GeoReport service request (open/closed; no reporter identity). */
export function toServiceRequest(c: Complaint) {
  const closed = c.status === 'resolved' || c.status === 'closed';
  return {
    service_request_id: c.complaintNumber,
    status: closed ? 'closed' : 'open',
    status_notes: c.outcome?.summary ?? c.answer ?? null,
    service_name: TYPE_NAMES[c.type],
    service_code: c.type,
    description: c.summary,
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
