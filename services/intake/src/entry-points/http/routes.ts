import type { StaffPrincipal } from '@carelink/auth';
import { phoneNumber, residentIdNumber } from '@carelink/contracts';
import { AppError, assertInJurisdiction, checkUpload, idempotencyKeyOf, type ServiceApp } from '@carelink/http';
import type { PolicyPacks } from '@carelink/policy';
import type { AuditRecord, AuditTrail } from '@carelink/store';
import { z } from 'zod';
import type { AttachmentStore } from '../../data-access/attachment-store';
import type { PersonRepository } from '../../data-access/person-repository';
import type { RequestRecord, RequestRepository } from '../../data-access/request-repository';
import { attachmentKind, attachmentRule } from '../../domain/attach-document/attach-document';
import { findResidentRequests } from '../../domain/follow-progress/find-resident-requests';
import {
  recordStatusChange,
  type StatusChangeDeps,
} from '../../domain/record-status-change/handle-record-status-change';
import { recordStatusChangeCommand } from '../../domain/record-status-change/record-status-change';
import { registerRequest, type RegisterDeps } from '../../domain/register-request/handle-register-request';
import { registerRequestCommand } from '../../domain/register-request/register-request';

const residentLookup = z.object({
  phone: phoneNumber.optional(),
  idNumber: residentIdNumber.optional(),
  limit: z.coerce.number().int().min(1).max(20).optional(),
});

const STAFF = ['county_officer', 'township_caseworker', 'village_coordinator', 'hotline_operator'] as const;

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
    declaredConditions: r.declaredConditions,
    items: r.itemCodes,
    description: r.description,
    registeredAt: r.registeredAt,
  };
}

export interface IntakeRouteDeps {
  policies: PolicyPacks;
  requests: RequestRepository;
  persons: PersonRepository;
  registering: RegisterDeps;
  statusChanges: StatusChangeDeps;
  audit: AuditTrail;
  attachments: AttachmentStore;
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
      action,
      subjectType: subject.type,
      subjectId: subject.id,
      ...(subject.purpose ? { purpose: subject.purpose } : {}),
    });

  /** A request the caller may see: it exists and lies within their jurisdiction. */
  const requestInScope = async (caseId: string, principal: StaffPrincipal) => {
    const r = await deps.requests.findById(caseId);
    if (!r) throw AppError.notFound('request', '申请');
    assertInJurisdiction(principal, r.address.township);
    return r;
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
        (code) => assertInJurisdiction(principal, code),
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
    handle: ({ body, principal }) =>
      recordStatusChange(body, principal, deps.statusChanges, (code) => assertInJurisdiction(principal, code)),
  });

  app.route({
    method: 'get',
    path: '/requests/:caseId',
    summary: 'One request (the read is audited)',
    roles: [...STAFF],
    handle: async ({ req, principal }) => {
      const r = await requestInScope(String(req.params.caseId), principal);
      await audited(principal, 'read', { type: 'case', id: r._id });
      return requestView(r);
    },
  });

  app.route({
    method: 'get',
    path: '/requests',
    summary: "Requests within the caller's jurisdiction, newest first",
    roles: [...STAFF],
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).optional() }),
    handle: async ({ query, principal }) => ({
      items: (await deps.requests.listWithin(principal.jurisdiction, query.limit ?? 100)).map(requestView),
    }),
  });

  app.route({
    method: 'post',
    path: '/requests/:caseId/attachments',
    summary:
      'Attach a document, photo or voice note to a request (raw body; ?kind=id_card|household_register|…|voice_note)',
    roles: ['township_caseworker', 'village_coordinator', 'county_officer', 'channel_adapter'],
    rawBodyLimit: '10mb',
    query: z.object({ kind: attachmentKind }),
    handle: async ({ req, query, principal }) => {
      const r = await requestInScope(String(req.params.caseId), principal);
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const contentType = checkUpload(attachmentRule(query.kind), req.headers['content-type'], bytes);
      const info = await deps.attachments.save(r._id, query.kind, contentType, bytes, principal.sub);
      await audited(principal, 'create', { type: 'attachment', id: info.attachmentId });
      return info;
    },
  });

  app.route({
    method: 'get',
    path: '/requests/:caseId/attachments',
    summary: "A request's attachments (metadata)",
    roles: [...STAFF],
    handle: async ({ req, principal }) => {
      const r = await requestInScope(String(req.params.caseId), principal);
      return { items: await deps.attachments.list(r._id) };
    },
  });

  app.route({
    method: 'get',
    path: '/attachments/:attachmentId',
    summary: 'Download an attachment (the read is audited)',
    roles: [...STAFF],
    handle: async ({ req, res, principal }) => {
      const file = await deps.attachments.read(String(req.params.attachmentId));
      if (!file) throw AppError.notFound('attachment', '附件');
      await requestInScope(file.info.caseId, principal);
      await audited(principal, 'read', { type: 'attachment', id: String(req.params.attachmentId) });
      res.type(file.info.contentType).send(file.bytes);
      return undefined;
    },
  });

  app.route({
    method: 'get',
    path: '/residents/requests',
    summary:
      'A resident’s latest requests with where each stands in plain words, found by phone or ID number: what the chat bot, the hotline and the window read out (查询进度); the lookup is audited',
    roles: ['channel_adapter', 'hotline_operator', 'township_caseworker', 'county_officer'],
    query: residentLookup,
    handle: async ({ query, principal }) => {
      const { personIds, answer } = await findResidentRequests(
        query,
        { region: principal.region, jurisdiction: principal.jurisdiction, pack: deps.policies.get(principal.region) },
        deps,
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
    summary: "A person's file (一人一档), ID number masked; every read is audited",
    roles: [...STAFF],
    handle: async ({ req, principal }) => {
      const personId = String(req.params.personId);
      const file = await deps.persons.file(personId);
      if (!file) throw AppError.notFound('person', '人员档案');
      const requests = await deps.requests.ofPersonWithin(personId, principal.jurisdiction, 500);
      if (requests.length === 0)
        throw AppError.forbidden(
          'outside_jurisdiction',
          'this person has no request within your jurisdiction',
          '该人员不在您的管辖范围内',
        );
      await audited(principal, 'read', { type: 'person', id: personId });
      return { ...file, requests: requests.map(requestView) };
    },
  });
}
