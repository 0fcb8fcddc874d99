import { readersOf, type StaffPrincipal } from '@carelink/auth';
import { channel, phoneNumber, residentIdNumber } from '@carelink/contracts';
import {
  AppError,
  assertInJurisdiction,
  checkUpload,
  idempotencyKeyOf,
  sendStoredFile,
  type ServiceApp,
} from '@carelink/http';
import { RateLimitsUnavailable, type RateLimits } from '@carelink/jobs';
import type { PolicyPacks } from '@carelink/policy';
import type { AuditRecord, AuditTrail } from '@carelink/store';
import { z } from 'zod';
import type { AttachmentStore } from '../../data-access/attachment-store';
import type { PersonRepository } from '../../data-access/person-repository';
import type { RequestRecord, RequestRepository } from '../../data-access/request-repository';
import {
  attachmentKind,
  attachmentRule,
  decideDocumentAttached,
  requestDocuments,
} from '../../domain/attach-document/attach-document';
import {
  assertMaySearch,
  chinaDayStart,
  placeOf,
  registeredBetween,
  requestStage,
  searchTermOf,
  type Channel,
  type RequestFilter,
} from '../../domain/find-requests/find-requests';
import { monthsBetween, requestStatistics } from '../../domain/statistics/request-statistics';
import { findResidentRequests } from '../../domain/follow-progress/find-resident-requests';
import {
  checkLookupCode,
  lookupTargetOf,
  sendLookupCode,
  type LookupCodeDeps,
} from '../../domain/follow-progress/handle-lookup-code';
import { lookupLimits, type LookupLimit } from '../../domain/follow-progress/lookup-code';
import {
  recordStatusChange,
  type StatusChangeDeps,
} from '../../domain/record-status-change/handle-record-status-change';
import { recordStatusChangeCommand } from '../../domain/record-status-change/record-status-change';
import { registerRequest, type RegisterDeps } from '../../domain/register-request/handle-register-request';
import { registerRequestCommand } from '../../domain/register-request/register-request';
import type { FollowedRequest } from '../../domain/follow-progress/follow-progress';
import type { Records } from '../../domain/intake-records';

/** Who a channel asks for (a hashed chat id, the calling number …): what its look-ups are counted under. */
const caller = z.string().trim().min(1).max(100).optional();

const residentLookup = z.object({
  phone: phoneNumber.optional(),
  idNumber: residentIdNumber.optional(),
  limit: z.coerce.number().int().min(1).max(20).optional(),
  /** The one-time code texted to the phone on file (POST /residents/lookup-codes). */
  code: z
    .string()
    .regex(/^\d{6}$/, 'the 6-digit code texted to the phone on file')
    .optional(),
  caller,
});

const lookupCodeRequest = z.object({
  phone: phoneNumber.optional(),
  idNumber: residentIdNumber.optional(),
  caller,
});

/** Roles that speak for a resident they cannot see: their look-ups need the code texted to the phone on file. */
const SECOND_FACTOR = new Set(['channel_adapter', 'hotline_operator']);

function requestView(r: RequestRecord) {
  return {
    caseId: r._id,
    caseNumber: r.caseNumber,
    region: r.region,
    channel: r.channel,
    status: r.status,
    personId: r.personId,
    applicant: r.applicant,
    proxy: r.proxy,
    household: (r.household ?? []).map(({ idNumberSealed: _sealed, ...member }) => member),
    address: r.address,
    declaredGroups: r.declaredGroups,
    declaredStatus: r.declaredStatus ?? 'declared',
    declaredConditions: r.declaredConditions,
    phoneSource: r.phoneSource,
    items: r.itemCodes,
    description: r.description,
    registeredAt: r.registeredAt,
  };
}

/**
 * A request as a list shows it (a row of the worklist or of a search): who (name, masked ID number, age), where,
 * what, when and where it stands; not the household, the declared conditions or the description, which are
 * read one request at a time.
 */
function requestRow(r: RequestRecord) {
  return {
    caseId: r._id,
    caseNumber: r.caseNumber,
    region: r.region,
    channel: r.channel,
    status: r.status,
    personId: r.personId,
    applicant: {
      name: r.applicant.name,
      idNumberMasked: r.applicant.idNumberMasked,
      ageAtRegistration: r.applicant.ageAtRegistration,
    },
    address: {
      county: r.address.county,
      township: r.address.township,
      ...(r.address.village ? { village: r.address.village } : {}),
    },
    items: r.itemCodes,
    registeredAt: r.registeredAt,
    progress: { stage: r.progress?.stage ?? 'registered', at: r.progress?.at ?? r.registeredAt.toISOString() },
  };
}

const placeCode = z.string().regex(/^\d{9}(\d{3})?$/, 'a township (9 digits) or village (12 digits) code');
const day = z.string().date('a day, YYYY-MM-DD');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM');
/**
 * Several of `values`, comma-separated (`status=a,b`) or repeated (`status=a&status=b`), kept as the comma
 * text (as the audit trail records the query); `split` gives the list.
 */
const listOf = (values: readonly string[]) =>
  z.preprocess(
    (v) => (Array.isArray(v) ? v.join(',') : v),
    z.string().refine((s) => s.split(',').every((v) => values.includes(v.trim())), {
      message: `one or more of ${values.join(', ')}, comma-separated`,
    }),
  );
const split = (list: string) =>
  list
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** The worklist's and search's filters and page of `GET /requests`. */
const requestListQuery = z.object({
  stage: requestStage.optional(),
  township: placeCode.optional(),
  channel: listOf(channel.options).optional(),
  item: z.string().trim().min(1).max(40).optional(),
  from: day.optional(),
  to: day.optional(),
  q: z.string().trim().min(1).max(50).optional(),
  page: z.coerce.number().int().min(1).max(1000).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export interface IntakeRouteDeps {
  policies: PolicyPacks;
  requests: RequestRepository;
  persons: PersonRepository;
  registering: RegisterDeps;
  statusChanges: StatusChangeDeps;
  lookupCodes: LookupCodeDeps;
  audit: AuditTrail;
  attachments: AttachmentStore;
  /** Requests as following a case changes them: an attached document is said through it. */
  following: Records<FollowedRequest>;
  /** Counters of look-ups per caller and per looked-up phone or person (Redis). */
  limits: Pick<RateLimits, 'hit'>;
  /** Keyed hash of a caller's identity (adapter and the resident it speaks for). */
  callerKey: (key: string) => string;
}

export function intakeRoutes(app: ServiceApp, deps: IntakeRouteDeps): void {
  /** Every read or change of a person's data leaves a line in the audit trail: who, in which role, what. */
  const audited = (
    principal: StaffPrincipal,
    action: AuditRecord['action'],
    subject: { type: AuditRecord['subjectType']; id: string; purpose?: string },
  ) =>
    deps.audit.record({
      actor: principal.sub,
      role: principal.role,
      actorJurisdiction: principal.jurisdiction,
      action,
      subjectType: subject.type,
      subjectId: subject.id,
      ...(subject.purpose ? { purpose: subject.purpose } : {}),
    });

  /** A request the caller may see (named by its case id or case number): it exists, within their jurisdiction and region. */
  const requestInScope = async (caseId: string, principal: StaffPrincipal) => {
    const r = await deps.requests.findByIdOrNumber(caseId);
    if (!r) throw AppError.notFound('request', '申请');
    assertInJurisdiction(principal, r.address.township, r.region);
    return r;
  };

  /**
   * Counts a look-up (or a code asked for) under its caller and its target; past either limit: 429 with
   * Retry-After. Without Redis to count on, look-ups are refused (503), never let through uncounted.
   */
  const admit = async (
    what: 'codes' | 'lookups',
    principal: StaffPrincipal,
    asking: string | undefined,
    target: string,
  ) => {
    const rules: { perCaller: LookupLimit; perTarget: LookupLimit } = lookupLimits[what];
    const callerKey = deps.callerKey(`${principal.region}|${principal.sub}|${asking ?? ''}`);
    for (const [key, rule] of [
      [`${what}:caller:${callerKey}`, rules.perCaller],
      [`${what}:target:${target}`, rules.perTarget],
    ] as const) {
      let verdict;
      try {
        verdict = await deps.limits.hit(key, rule);
      } catch (err) {
        if (!(err instanceof RateLimitsUnavailable)) throw err;
        throw new AppError('store_unavailable', 503, 'look-ups cannot be counted now; try again shortly', {
          messageZh: '系统繁忙，请稍后再试',
          retryAfterSeconds: 5,
          cause: err,
        });
      }
      if (!verdict.allowed)
        throw new AppError(
          'too_many_lookups',
          429,
          `too many ${what === 'codes' ? 'codes asked for' : 'look-ups'}; try again later`,
          {
            messageZh: '查询次数过多，请稍后再试',
            retryAfterSeconds: verdict.retryAfterSeconds,
          },
        );
    }
  };

  app.route({
    method: 'post',
    path: '/requests',
    summary: 'Register a service request from any channel (window, online, proactive discovery, chat bot, IVR)',
    roles: ['township_caseworker', 'village_coordinator', 'county_officer', 'channel_adapter'],
    body: registerRequestCommand,
    responses: {
      201: 'registered: case number and acknowledgement (also for a retry with the same Idempotency-Key: replayed)',
      200: 'merged into an open request of the same person',
      422: 'idempotency_key_reused: the Idempotency-Key was used for another person',
      503: 'overloaded or store_unavailable: try again after Retry-After (with the same Idempotency-Key)',
    },
    handle: async ({ body, principal, req, res }) => {
      const outcome = await registerRequest(
        body,
        principal,
        deps.registering,
        (code) => assertInJurisdiction(principal, code, body.region),
        idempotencyKeyOf(req),
      );
      res.status(outcome.status === 'registered' ? 201 : 200).json(outcome);
      return undefined;
    },
  });

  app.route({
    method: 'post',
    path: '/registry/status-changes',
    summary:
      'Record a change of a person’s assistance status reported by a register (低保/特困 …); dynamic management follows',
    roles: ['county_officer', 'township_caseworker'],
    body: recordStatusChangeCommand,
    responses: {
      201: 'recorded: the groups now held (and held before, when the caller could read the file)',
      403: "outside_jurisdiction: the person's file (region, township) or the reported township is not the caller's",
    },
    handle: async ({ body, principal }) => {
      const outcome = await recordStatusChange(body, principal, deps.statusChanges);
      await deps.audit.record({
        actor: principal.sub,
        role: principal.role,
        actorJurisdiction: principal.jurisdiction,
        action: 'update',
        subjectType: 'person',
        subjectId: outcome.personId,
        places: [body.township],
        purpose: `assistance status reported by ${body.source}`,
      });
      return outcome;
    },
  });

  app.route({
    method: 'get',
    path: '/requests/:caseId',
    summary:
      'One request, named by its case id or its case number (CZ341702-2026-000053), with the fields the caller’s role reads, and per item the documents the region requires and which are not attached yet (documents; the read is audited)',
    roles: readersOf('request'),
    reads: { resource: 'request' },
    handle: async ({ req, principal }) => {
      const r = await requestInScope(String(req.params.caseId), principal);
      const pack = deps.policies.get(r.region);
      // Per item, the documents the region requires and which are not attached yet (一人一档).
      const documents = pack
        ? {
            documents: requestDocuments(
              pack,
              r.itemCodes,
              (await deps.attachments.list(r._id)).map((a) => a.kind),
            ),
          }
        : {};
      return { ...requestView(r), ...documents };
    },
  });

  app.route({
    method: 'get',
    path: '/requests',
    summary:
      "Requests within the caller's jurisdiction, newest first, as rows of a table (masked ID number, age, place, items, stage; never the household or conditions), with the fields the caller’s role reads. Worklist filters: stage=new|open|decided, township= (or a village), channel= (comma list), item=, from=/to= (days, China time, inclusive). Search: q= a case number, its serial (up to 6 digits), an ID number (township and county staff; found by its keyed index) or a name (whole or its first characters). With page= and/or pageSize= (default 20, at most 100) the answer gives total (counted up to 200; totalCapped beyond); else limit= (default 100). Audited: one entry naming the requests returned and what was searched for",
    roles: readersOf('request'),
    reads: {
      resource: 'request',
      list: true,
      purpose: (answer: { searchedBy?: string }) => (answer.searchedBy ? `search by ${answer.searchedBy}` : undefined),
    },
    query: requestListQuery,
    handle: async ({ query, principal }) => {
      const search = query.q ? searchTermOf(query.q) : undefined;
      if (search) assertMaySearch(search, principal.role);
      if (query.township) assertInJurisdiction(principal, query.township);
      const registered = registeredBetween(query.from, query.to);
      const filter: RequestFilter & { personId?: string } = {
        ...(query.stage ? { stage: query.stage } : {}),
        ...(query.township ? { place: placeOf(query.township) } : {}),
        ...(query.channel ? { channels: split(query.channel) as Channel[] } : {}),
        ...(query.item ? { itemCode: query.item } : {}),
        ...(registered ? { registered } : {}),
        ...(search ? { search } : {}),
        // An ID number is looked for by its keyed index (the person's pseudonym), never in clear.
        ...(search?.kind === 'id_number' ? { personId: deps.persons.personIdOf(search.idNumber) } : {}),
      };
      const scope = { jurisdiction: principal.jurisdiction, region: principal.region };
      const searchedBy = search ? { searchedBy: search.kind } : {};
      if (query.page === undefined && query.pageSize === undefined)
        return {
          items: (await deps.requests.newest(scope, filter, query.limit ?? 100)).map(requestRow),
          ...searchedBy,
        };
      const found = await deps.requests.page(scope, filter, query.page ?? 1, query.pageSize ?? 20);
      return { ...found, items: found.items.map(requestRow), ...searchedBy };
    },
  });

  app.route({
    method: 'get',
    path: '/statistics',
    summary:
      "Requests registered in the caller's jurisdiction over months (from=YYYY-MM&to=YYYY-MM, China time, at most 12; default this month): counts by channel and by township (each with its channels), each with its name beside its code (townships named by the region's pack), and how many are still open",
    roles: ['county_officer', 'township_caseworker'],
    query: z.object({ from: month.optional(), to: month.optional() }),
    handle: async ({ query, principal }) => {
      const thisMonth = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
      const months = monthsBetween(query.from ?? query.to ?? thisMonth, query.to ?? query.from ?? thisMonth);
      const first = months[0]!;
      const last = months[months.length - 1]!;
      const from = chinaDayStart(`${first}-01`);
      const [y, m] = last.split('-').map(Number) as [number, number];
      const to = chinaDayStart(`${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01`);
      const counted = await deps.requests.countedBetween(
        { jurisdiction: principal.jurisdiction, region: principal.region },
        from,
        to,
      );
      return {
        from: first,
        to: last,
        jurisdiction: principal.jurisdiction,
        ...requestStatistics(counted, deps.policies.get(principal.region)),
      };
    },
  });

  app.route({
    method: 'post',
    path: '/requests/:caseId/attachments',
    summary:
      'Attach a document, photo or voice note to a request (raw body; ?kind=id_card|household_register|…|voice_note); said as document.attached.v1, what the decision checks the required documents on',
    roles: ['township_caseworker', 'village_coordinator', 'county_officer', 'channel_adapter'],
    rawBodyLimit: '10mb',
    query: z.object({ kind: attachmentKind }),
    handle: async ({ req, query, principal }) => {
      const r = await requestInScope(String(req.params.caseId), principal);
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const contentType = checkUpload(attachmentRule(query.kind), req.headers['content-type'], bytes);
      const info = await deps.attachments.save(r._id, query.kind, contentType, bytes, principal.sub);
      await audited(principal, 'create', { type: 'attachment', id: info.attachmentId });
      // Said on the request's topic, so that the decision checks the required documents on what is on file.
      await deps.following.commit(r._id, (current, ctx) =>
        decideDocumentAttached(
          current,
          {
            caseId: r._id,
            caseNumber: r.caseNumber,
            region: r.region,
            township: r.address.township,
            attachmentId: info.attachmentId,
            kind: query.kind,
            attachedBy: principal.sub,
            attachedAt: info.uploadedAt,
          },
          ctx,
        ),
      );
      return info;
    },
  });

  app.route({
    method: 'get',
    path: '/requests/:caseId/attachments',
    summary: "A request's attachments (metadata; audited)",
    roles: readersOf('attachment'),
    reads: { resource: 'attachment', list: true },
    handle: async ({ req, principal }) => {
      const r = await requestInScope(String(req.params.caseId), principal);
      return { items: await deps.attachments.list(r._id) };
    },
  });

  app.route({
    method: 'get',
    path: '/attachments/:attachmentId',
    summary: 'Download an attachment (the read is audited)',
    roles: readersOf('attachment'),
    reads: { resource: 'attachment' },
    handle: async ({ req, res, principal }) => {
      const file = await deps.attachments.read(String(req.params.attachmentId));
      if (!file) throw AppError.notFound('attachment', '附件');
      await requestInScope(file.info.caseId, principal);
      // Sent once the read is audited.
      return () =>
        sendStoredFile(res, {
          bytes: file.bytes,
          contentType: file.info.contentType,
          name: `${file.info.kind}-${String(req.params.attachmentId)}`,
        });
    },
  });

  app.route({
    method: 'post',
    path: '/residents/lookup-codes',
    summary:
      'Text a one-time code (6 digits, 5 minutes) to the phone on file for a look-up by phone or ID number; the answer is the same whether or not anything was sent',
    roles: ['channel_adapter', 'hotline_operator'],
    body: lookupCodeRequest,
    responses: {
      202: 'sent if the phone or ID number is on file with a confirmed phone of the caller’s region',
      429: 'too_many_lookups: too many codes asked for by this caller or for this phone or person (Retry-After)',
    },
    handle: async ({ body, principal, res }) => {
      await admit('codes', principal, body.caller, lookupTargetOf(body, deps.lookupCodes.persons));
      res.status(202).json(await sendLookupCode(body, principal, deps.lookupCodes));
      return undefined;
    },
  });

  app.route({
    method: 'get',
    path: '/residents/requests',
    summary:
      'A resident’s latest requests with where each stands in plain words, found by phone or ID number: what the chat bot, the hotline and the window read out (查询进度); channels and the hotline give the one-time code texted to the phone on file (`code`); the lookup is audited',
    roles: ['channel_adapter', 'hotline_operator', 'township_caseworker', 'county_officer'],
    query: residentLookup,
    responses: {
      403: 'verification_required / verification_failed: no code, or a wrong, used or expired one (channels, hotline)',
      429: 'too_many_lookups: too many look-ups by this caller or of this phone or person (Retry-After)',
    },
    handle: async ({ query, principal }) => {
      let verified: string[] | undefined;
      if (SECOND_FACTOR.has(principal.role)) {
        await admit('lookups', principal, query.caller, lookupTargetOf(query, deps.lookupCodes.persons));
        verified = await checkLookupCode(query, query.code, principal, deps.lookupCodes);
      }
      const { personIds, answer } = await findResidentRequests(
        query,
        { region: principal.region, jurisdiction: principal.jurisdiction, pack: deps.policies.get(principal.region) },
        deps,
        verified,
      );
      for (const id of personIds.length > 0 ? personIds : ['lookup-without-match'])
        await audited(principal, 'read', {
          type: 'person',
          id,
          purpose: 'resident asked where their requests stand (查询进度)',
        });
      return answer;
    },
  });

  app.route({
    method: 'get',
    path: '/persons/:personId',
    summary:
      "A person's file (一人一档) with their requests, ID number masked, with the fields the caller’s role reads; every read is audited",
    roles: readersOf('person'),
    reads: { resource: 'person' },
    handle: async ({ req, principal }) => {
      const personId = String(req.params.personId);
      const file = await deps.persons.file(personId);
      if (!file) throw AppError.notFound('person', '人员档案');
      const requests = await deps.requests.ofPersonWithin(personId, principal.jurisdiction, 500);
      if (requests.length === 0 || file.region !== principal.region)
        throw AppError.forbidden(
          'outside_jurisdiction',
          'this person has no request within your jurisdiction',
          '该人员不在您的管辖范围内',
        );
      return { ...file, requests: requests.map(requestView) };
    },
  });
}
