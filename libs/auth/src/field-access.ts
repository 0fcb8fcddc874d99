import { staffRole, type StaffRole } from './staff-principal';

/**
 * Least privilege by field: what each role may read of each kind of record that holds personal data. One
 * table for every service: a read route names its resource (`reads` in `@carelink/http`), its roles must be
 * among the resource's readers (checked when the route is declared), and its answer is cut to the caller's
 * fields before it leaves. The README's role × resource × field table is generated from this one
 * (`npm run -w @carelink/auth field-table`; a unit test fails when it is stale).
 */

/**
 * What a role reads of a resource: every field, or only these. A dotted path reaches into an object
 * (`applicant.name`) or into each element of an array (`requests.caseId`); anything not named is left out, so a
 * field added later stays hidden from the role until this table gives it.
 */
export type FieldAccess = 'all' | readonly string[];

export interface ResourceFields {
  /** What the resource is, in the domain's words. */
  title: string;
  /** The service and the routes that answer it. */
  service: string;
  routes: readonly string[];
  /** The field naming each record, for the audit trail (else the record the path names). */
  id?: string;
  /** The field holding each record's township (or village) code: the audit entry is in that jurisdiction's trail. */
  place?: string;
  /** The roles that read it, and what; a role not named reads nothing of it. */
  access: Partial<Record<StaffRole, FieldAccess>>;
}

/** Staff who investigate, decide and supervise: they read the whole file within their jurisdiction. */
const CASEWORK = { county_officer: 'all', township_caseworker: 'all', village_coordinator: 'all' } as const;

/** Who follows a provider's work: the provider's staff, and the township and county that referred it. */
const SCHEDULING = { county_officer: 'all', township_caseworker: 'all', provider_staff: 'all' } as const;

/**
 * A hotline operator (热线) logs complaints and call records and tells a resident where a request stands: the
 * person's name and the case's number, place and status, not ID numbers, birth dates, addresses, household
 * members, documents, nor health data (declared or verified conditions, investigation, needs assessment).
 */
const OPERATOR_REQUEST = [
  'caseId',
  'caseNumber',
  'region',
  'channel',
  'status',
  'personId',
  'applicant.name',
  'address.county',
  'address.township',
  'items',
  'registeredAt',
  'progress.stage',
] as const;

export const fieldAccess = {
  person: {
    title: "a person's file (一人一档) with their requests",
    service: 'intake',
    routes: ['GET /persons/:personId'],
    id: 'personId',
    place: 'requests.address.township',
    access: {
      ...CASEWORK,
      hotline_operator: ['personId', 'region', 'name', ...OPERATOR_REQUEST.map((f) => `requests.${f}`)],
    },
  },
  request: {
    title: 'a service request as registered',
    service: 'intake',
    routes: ['GET /requests', 'GET /requests/:caseId'],
    id: 'caseId',
    place: 'address.township',
    access: { ...CASEWORK, hotline_operator: OPERATOR_REQUEST },
  },
  attachment: {
    title: 'documents of a request (ID card, household register, certificates, photos, voice notes)',
    service: 'intake',
    routes: ['GET /requests/:caseId/attachments', 'GET /attachments/:attachmentId'],
    id: 'attachmentId',
    access: CASEWORK,
  },
  pending_application: {
    title: "a first-time caller's phone application awaiting identity (number to call back, recordings)",
    service: 'intake',
    routes: ['GET /pending-applications', 'GET /pending-applications/:applicationId/recordings/:part'],
    id: 'applicationId',
    place: 'township',
    // The township calls the caller back to complete who they are; the county supervises.
    access: { county_officer: 'all', township_caseworker: 'all' },
  },
  case: {
    title: 'a case: declared conditions, investigation (household, Barthel ADL, needs, verified conditions), decisions',
    service: 'assessment',
    routes: ['GET /cases', 'GET /cases/:caseId'],
    id: 'caseId',
    place: 'address.township',
    access: {
      ...CASEWORK,
      hotline_operator: [
        'caseId',
        'caseNumber',
        'region',
        'status',
        'person.personId',
        'person.name',
        'address.county',
        'address.township',
        'itemCodes',
        'channel',
        'openedAt',
      ],
    },
  },
  eligibility: {
    title: "the region's rules applied to a case, rule by rule (age, groups, conditions)",
    service: 'assessment',
    routes: ['GET /cases/:caseId/eligibility'],
    access: CASEWORK,
  },
  follow_up: {
    title: 'people newly added to assistance in a month (每月新纳入对象)',
    service: 'assessment',
    routes: ['GET /follow-ups'],
    id: 'personId',
    place: 'township',
    access: CASEWORK,
  },
  public_notice: {
    title: 'the long-term public notice (长期公示) of a township or village',
    service: 'assessment',
    routes: ['GET /public-notice'],
    access: CASEWORK,
  },
  person_file: {
    title:
      'one person, one file (一人一档) under its service number: documents, needs form, decisions, referrals, plans, visits, complaints, effect evaluations',
    service: 'assessment',
    routes: ['GET /files', 'GET /files/:serviceNumber', 'GET /files/:serviceNumber/export'],
    id: 'serviceNumber',
    place: 'township',
    access: { county_officer: 'all', township_caseworker: 'all' },
  },
  needs_ledger: {
    title: 'the needs ledger (需求台账)',
    service: 'assessment',
    routes: ['GET /needs-ledger'],
    access: CASEWORK,
  },
  complaint: {
    title: 'a complaint or consultation (the reporter only for its handler; an adapter reads only those it filed)',
    service: 'complaints',
    routes: ['GET /complaints', 'GET /complaints/:complaintId'],
    id: 'complaintId',
    place: 'scope',
    access: {
      county_officer: 'all',
      township_caseworker: 'all',
      hotline_operator: 'all',
      channel_adapter: 'all',
    },
  },
  complaint_evidence: {
    title: "a complaint's attachments: the resident's recorded voice, photos, documents",
    service: 'complaints',
    routes: ['GET /complaints/:complaintId/attachments/:attachmentId'],
    access: { county_officer: 'all', township_caseworker: 'all', hotline_operator: 'all' },
  },
  call: {
    title: "a hotline IVR call: the caller's number, the path through the menu, the outcome, the call-back",
    service: 'ivr',
    routes: ['GET /calls', 'GET /call-backs'],
    id: 'callSid',
    access: {
      // The hotline calls residents back: it reads the number; the county supervises the hotline's work without it.
      hotline_operator: 'all',
      county_officer: [
        'callSid',
        'region',
        'callerMasked',
        'personId',
        'startedAt',
        'updatedAt',
        'endedAt',
        'endStatus',
        'durationSeconds',
        'path',
        'outcome',
        'transferReason',
        'caseNumber',
        'complaintNumber',
        'recording',
        'callBack',
      ],
    },
  },
  referral: {
    title: 'a referral to a department or provider, with its route, explanation and history',
    service: 'referral',
    routes: ['GET /referrals', 'GET /referrals/:referralId'],
    id: 'referralId',
    place: 'township',
    access: {
      ...CASEWORK,
      hotline_operator: [
        'referralId',
        'caseId',
        'caseNumber',
        'region',
        'itemCode',
        'township',
        'person.name',
        'status',
        'route',
        'createdAt',
        'answerDueAt',
      ],
      // What a receiver needs to serve the person (the sharing basis without an override's reason); a department
      // also the contact the person consented to share (name, phone, address), to reach them.
      ...Object.fromEntries(
        (['department_staff', 'provider_staff'] as const).map((role) => [
          role,
          [
            'referralId',
            'caseId',
            'caseNumber',
            'region',
            'itemCode',
            'township',
            'village',
            'person',
            'status',
            'route',
            // The delivery mode it came by and, for a charity, when the county handed its monthly list over.
            'mode',
            'listedHandover',
            'sharingBasis',
            'attempt',
            'answerDueAt',
            'createdAt',
            'history',
            ...(role === 'department_staff' ? ['contact.name', 'contact.phone', 'contact.address'] : []),
          ],
        ]),
      ),
    },
  },
  assignment: {
    title: "a provider's assignment (派单) of a referral",
    service: 'provider-scheduling',
    routes: ['GET /assignments', 'GET /assignments/:referralId'],
    id: 'referralId',
    place: 'township',
    access: SCHEDULING,
  },
  visit: {
    title: 'a scheduled or delivered visit (服务记录)',
    service: 'provider-scheduling',
    routes: ['GET /assignments/:referralId/visits', 'GET /visits/:visitId'],
    id: 'visitId',
    place: 'township',
    access: SCHEDULING,
  },
  worker: {
    title: "a provider's worker (服务人员): name, masked ID number and phone, qualifications, training, items served",
    service: 'provider-scheduling',
    routes: ['GET /workers', 'GET /workers/:workerId'],
    id: 'workerId',
    access: { provider_staff: 'all', county_officer: 'all' },
  },
  service_plan: {
    title: 'a service plan (服务方案) of an assignment, every version with its review',
    service: 'provider-scheduling',
    routes: ['GET /plans', 'GET /assignments/:referralId/plan'],
    id: 'planId',
    place: 'township',
    access: SCHEDULING,
  },
  neighbour: {
    title:
      'a neighbour of mutual help (邻里互助): name, masked ID number and phone, training, the people they help, visits counted',
    service: 'provider-scheduling',
    routes: ['GET /neighbours', 'GET /neighbours/:neighbourId', 'GET /neighbour-visits/counts'],
    id: 'neighbourId',
    place: 'village',
    access: CASEWORK,
  },
  doorbell_device: {
    title: 'a love doorbell (爱心门铃) and the person living alone it is registered to, with the neighbours it alerts',
    service: 'provider-scheduling',
    routes: ['GET /doorbell/devices'],
    id: 'deviceId',
    place: 'village',
    access: CASEWORK,
  },
  doorbell_alert: {
    title: 'a doorbell alert: the person and their place, who was alerted, who went, the escalation and the outcome',
    service: 'provider-scheduling',
    routes: ['GET /alerts', 'GET /alerts/:alertId'],
    id: 'alertId',
    place: 'village',
    access: CASEWORK,
  },
  audit_trail: {
    title: 'the audit trail: who read or changed which records, and every refused request',
    service: 'every service',
    routes: ['GET /audit-trail'],
    access: { county_officer: 'all' },
  },
} as const satisfies Record<string, ResourceFields>;

export type FieldResource = keyof typeof fieldAccess;

/** What `role` may read of `resource`; undefined when nothing. */
export function fieldsFor(role: StaffRole, resource: FieldResource): FieldAccess | undefined {
  return (fieldAccess[resource] as ResourceFields).access[role];
}

/** The roles that read anything of `resource`. */
export function readersOf(resource: FieldResource): StaffRole[] {
  return staffRole.options.filter((role) => fieldsFor(role, resource) !== undefined);
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The paths under each first segment: ['a.b', 'a.c', 'd'] → a: ['b', 'c'], d: [] (the whole field). */
function byFirstSegment(paths: readonly string[]): Map<string, string[] | 'whole'> {
  const tree = new Map<string, string[] | 'whole'>();
  for (const path of paths) {
    const dot = path.indexOf('.');
    const head = dot < 0 ? path : path.slice(0, dot);
    const known = tree.get(head);
    if (dot < 0 || known === 'whole') tree.set(head, 'whole');
    else tree.set(head, [...(known ?? []), path.slice(dot + 1)]);
  }
  return tree;
}

/** Only the named paths of `value` (an object, or each element of an array). */
function pick(value: unknown, paths: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => pick(v, paths));
  if (!isObject(value)) return undefined;
  const out: Json = {};
  for (const [field, sub] of byFirstSegment(paths)) {
    if (!(field in value) || value[field] === undefined) continue;
    if (sub === 'whole') out[field] = value[field];
    else {
      const inner = pick(value[field], sub);
      if (inner !== undefined) out[field] = inner;
    }
  }
  return out;
}

/**
 * A record cut to what `role` may read of `resource`: the record itself for a role that reads every field.
 * Throws when the role reads nothing of it: routes never let such a role in (`readersOf`).
 */
export function project<T>(role: StaffRole, resource: FieldResource, record: T): T | Partial<T> {
  const access = fieldsFor(role, resource);
  if (access === undefined) throw new Error(`role ${role} reads nothing of ${resource}`);
  if (access === 'all') return record;
  return pick(record, access) as Partial<T>;
}

/** The values at a dotted path of a record (through arrays): the ids or places an audit entry names. */
export function valuesAt(record: unknown, path: string): string[] {
  const [head, ...rest] = path.split('.');
  if (Array.isArray(record)) return record.flatMap((r) => valuesAt(r, path));
  if (!isObject(record) || head === undefined) return [];
  const v = record[head];
  if (rest.length > 0) return valuesAt(v, rest.join('.'));
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

const ROLE_WORDS: Record<StaffRole, string> = {
  county_officer: 'county officer',
  township_caseworker: 'township caseworker',
  village_coordinator: 'village coordinator',
  provider_staff: 'provider staff',
  department_staff: 'department staff',
  hotline_operator: 'hotline operator',
  channel_adapter: 'channel adapter (bot, IVR)',
};

/** Where the generated table sits in the README. */
export const FIELD_TABLE_START =
  '<!-- field table: generated from fieldAccess (libs/auth) by `npm run -w @carelink/auth field-table` -->';
export const FIELD_TABLE_END = '<!-- end of field table -->';

/**
 * The README's role × resource × field table, in Markdown, generated from `fieldAccess`: a row per resource and
 * group of roles that read the same fields; a role not in a resource's rows is refused (403).
 */
export function fieldAccessMarkdown(): string {
  const lines = ['| resource | service: read routes | roles | fields they read |', '| --- | --- | --- | --- |'];
  for (const resource of Object.keys(fieldAccess) as FieldResource[]) {
    const r = fieldAccess[resource] as ResourceFields;
    const groups = new Map<string, StaffRole[]>();
    for (const role of readersOf(resource)) {
      const access = fieldsFor(role, resource)!;
      const fields = access === 'all' ? 'all fields' : access.map((f) => `\`${f}\``).join(', ');
      groups.set(fields, [...(groups.get(fields) ?? []), role]);
    }
    let first = true;
    for (const [fields, roles] of groups) {
      const what = first ? `\`${resource}\`: ${r.title}` : '';
      const where = first ? `${r.service}: ${r.routes.map((p) => `\`${p}\``).join(', ')}` : '';
      lines.push(`| ${what} | ${where} | ${roles.map((role) => ROLE_WORDS[role]).join(', ')} | ${fields} |`);
      first = false;
    }
  }
  return lines.join('\n');
}
