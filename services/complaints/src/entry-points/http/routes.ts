import { caseId } from '@carelink/contracts';
import { assertInJurisdiction, AppError, type ServiceApp } from '@carelink/http';
import { currentTraceparent } from '@carelink/telemetry';
import { z } from 'zod';
import type { CaseDirectory } from '../../data-access/case-directory';
import type { ComplaintRepository } from '../../data-access/complaint-repository';
import { handleReceiveComplaint } from '../../domain/receive-complaint/handle-receive-complaint';
import { receiveComplaintCommand } from '../../domain/receive-complaint/receive-complaint';

const READERS = ['hotline_operator', 'township_caseworker', 'county_officer'] as const;

export function complaintsRoutes(
  app: ServiceApp,
  deps: { cases: CaseDirectory; complaints: ComplaintRepository; eventsWritten: () => void },
): void {
  app.route({
    method: 'post',
    path: '/complaints',
    summary: 'Receive a complaint about a case (投诉受理), numbered TS-YYYYMMDD-NNNN',
    roles: ['hotline_operator', 'township_caseworker', 'county_officer', 'channel_adapter'],
    body: receiveComplaintCommand,
    responses: { 201: 'received: complaint number and acknowledgement', 422: 'the case is not known (yet)' },
    handle: async ({ body, principal }) => {
      const outcome = await handleReceiveComplaint(body, principal, {
        cases: deps.cases,
        complaints: deps.complaints,
        now: () => new Date(),
        traceparent: currentTraceparent,
        assertInJurisdiction: (code) => assertInJurisdiction(principal, code),
      });
      deps.eventsWritten();
      return outcome;
    },
  });

  app.route({
    method: 'get',
    path: '/complaints/:complaintId',
    summary: 'One complaint',
    roles: [...READERS],
    handle: async ({ req, principal }) => {
      const complaint = await deps.complaints.get(String(req.params.complaintId));
      if (!complaint) throw AppError.notFound('complaint', '投诉');
      assertInJurisdiction(principal, complaint.township);
      return complaint;
    },
  });

  app.route({
    method: 'get',
    path: '/complaints',
    summary: "A case's complaints within the caller's jurisdiction, newest first",
    roles: [...READERS],
    query: z.object({ caseId }),
    handle: async ({ req, principal }) => {
      const parsed = caseId.safeParse(req.query.caseId);
      if (!parsed.success)
        throw AppError.badRequest('invalid_case_id', 'caseId is required, a UUID', '请提供正确的申请编号');
      return { items: await deps.complaints.listForCase(parsed.data, principal.jurisdiction) };
    },
  });
}
