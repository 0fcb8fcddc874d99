import { readersOf, type StaffPrincipal } from '@carelink/auth';
import { AppError, assertInJurisdiction, checkUpload, sendStoredFile, type ServiceApp } from '@carelink/http';
import type { PolicyPacks } from '@carelink/policy';
import type { AuditEntry } from '@carelink/store';
import { z } from 'zod';
import type { AttachmentStore } from '../../data-access/attachment-store';
import type { PendingApplications } from '../../data-access/pending-applications';
import { attachmentRule } from '../../domain/attach-document/attach-document';
import {
  applicationSequenceScope,
  applyPendingIdentityCommand,
  assertAwaitingIdentity,
  checkPendingApplication,
  completeIdentityCommand,
  newPendingApplication,
  recordingPart,
  registrationOf,
  type PendingApplication,
} from '../../domain/pending-identity/pending-application';
import { registerRequest, type RegisterDeps } from '../../domain/register-request/handle-register-request';

export interface PendingApplicationRouteDeps {
  policies: PolicyPacks;
  pending: PendingApplications;
  attachments: AttachmentStore;
  registering: RegisterDeps;
  /** The next number of a sequence (the case-number counters). */
  nextSequence: (scope: string) => Promise<number>;
  newId: () => string;
  now?: () => Date;
  audit: { record(entry: AuditEntry): Promise<void> };
}

/** An application as the township's call-back list shows it: the number to call, the recordings to hear. */
function applicationView(a: PendingApplication) {
  return {
    applicationId: a.applicationId,
    applicationNumber: a.applicationNumber,
    region: a.region,
    channel: a.channel,
    county: a.county,
    township: a.township,
    callerPhone: a.callerPhone,
    recordings: {
      name: a.recordings.name !== undefined,
      need: a.recordings.need !== undefined,
    },
    status: a.status,
    receivedAt: a.receivedAt,
    ...(a.completion ? { completion: a.completion } : {}),
  };
}

/**
 * First-time callers' phone applications awaiting identity (待核实身份): the IVR files them with the caller's
 * recorded name and need; the township hears them, calls the caller back and completes who they are, which
 * registers the request as any other (the recordings go with it).
 */
export function pendingApplicationRoutes(app: ServiceApp, deps: PendingApplicationRouteDeps): void {
  const now = deps.now ?? (() => new Date());
  const inScope = async (applicationId: string, principal: StaffPrincipal) => {
    const a = await deps.pending.get(applicationId);
    if (!a) throw AppError.notFound('pending_application', '待核实身份的申请');
    assertInJurisdiction(principal, a.township, a.region);
    return a;
  };

  app.route({
    method: 'post',
    path: '/pending-applications',
    summary:
      "A first-time caller's application by phone, awaiting identity (IVR): the number to call back and the township; the recordings follow (POST …/recordings). One per call (callId): a repeat gets the first back",
    roles: ['channel_adapter'],
    body: applyPendingIdentityCommand,
    responses: { 201: 'received: the application number to read out', 200: 'the application this call made before' },
    handle: async ({ body, principal, res }) => {
      if (principal.channel !== 'ivr')
        throw new AppError('channel_mismatch', 403, 'only the hotline IVR files applications awaiting identity', {
          messageZh: '仅热线语音渠道可提交待核实身份的申请',
        });
      const { pack, county } = checkPendingApplication(body, deps.policies.get(body.region));
      assertInJurisdiction(principal, body.township, body.region);
      const earlier = await deps.pending.byCall(body.region, body.callId);
      if (earlier) {
        res.status(200).json({ applicationId: earlier.applicationId, applicationNumber: earlier.applicationNumber });
        return undefined;
      }
      const at = now();
      const sequence = await deps.nextSequence(
        applicationSequenceScope(pack.caseNumberPrefix, county, at.getUTCFullYear()),
      );
      const made = await deps.pending.add(
        newPendingApplication({
          applicationId: deps.newId(),
          command: body,
          county,
          prefix: pack.caseNumberPrefix,
          sequence,
          receivedBy: principal.sub,
          now: at,
        }),
      );
      res.status(201).json({ applicationId: made.applicationId, applicationNumber: made.applicationNumber });
      return undefined;
    },
  });

  app.route({
    method: 'post',
    path: '/pending-applications/:applicationId/recordings',
    summary:
      "A first-time caller's recording (raw body; ?part=name|need): their name, or what they need (ogg/opus, mp3, amr, wav)",
    roles: ['channel_adapter'],
    rawBodyLimit: '10mb',
    query: z.object({ part: recordingPart }),
    handle: async ({ req, query, principal }) => {
      const a = await inScope(String(req.params.applicationId), principal);
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const contentType = checkUpload(attachmentRule('voice_note'), req.headers['content-type'], bytes);
      const info = await deps.attachments.save(a.applicationId, 'voice_note', contentType, bytes, principal.sub);
      await deps.pending.noteRecording(a.applicationId, query.part, info.attachmentId);
      return { attachmentId: info.attachmentId, part: query.part, contentType, size: info.size };
    },
  });

  app.route({
    method: 'get',
    path: '/pending-applications',
    summary:
      "Phone applications awaiting identity (待核实身份) in the caller's jurisdiction, newest first (at most 200): the number to call back, which recordings are there; status=awaiting_identity (default) or completed. Audited (the caller's number is read to call back)",
    roles: readersOf('pending_application'),
    reads: { resource: 'pending_application', list: true, purpose: () => 'call back' },
    query: z.object({ status: z.enum(['awaiting_identity', 'completed']).default('awaiting_identity') }),
    handle: async ({ query, principal }) => {
      const items = await deps.pending.list(principal.region, principal.jurisdiction, query.status);
      return { total: items.length, items: items.map(applicationView) };
    },
  });

  app.route({
    method: 'get',
    path: '/pending-applications/:applicationId/recordings/:part',
    summary: "Hear a first-time caller's recording (name or need): the audio as stored; the read is audited",
    roles: readersOf('pending_application'),
    reads: { resource: 'pending_application' },
    handle: async ({ req, res, principal }) => {
      const part = recordingPart.safeParse(req.params.part);
      if (!part.success) throw AppError.notFound('recording', '录音');
      const a = await inScope(String(req.params.applicationId), principal);
      const id = a.recordings[part.data];
      const file = id ? await deps.attachments.read(id) : null;
      if (!file || file.info.caseId !== a.applicationId) throw AppError.notFound('recording', '录音');
      return () =>
        sendStoredFile(res, {
          bytes: file.bytes,
          contentType: file.info.contentType,
          name: `${a.applicationNumber}-${part.data}`,
        });
    },
  });

  app.route({
    method: 'post',
    path: '/pending-applications/:applicationId/completion',
    summary:
      "The township called the caller back and completes who they are (name, ID number, assistance status, items): the application is registered as a request (channel ivr, the caller's number as an unconfirmed phone), its recordings attached; 409 already_completed once done",
    roles: ['township_caseworker', 'county_officer'],
    body: completeIdentityCommand,
    responses: {
      201: 'registered: the case number (or merged into an open request of the same person)',
      409: 'already_completed',
    },
    handle: async ({ req, res, body, principal }) => {
      const a = await inScope(String(req.params.applicationId), principal);
      assertAwaitingIdentity(a);
      if (!(await deps.pending.claim(a.applicationId))) assertAwaitingIdentity({ ...a, status: 'completed' });
      let outcome;
      try {
        outcome = await registerRequest(
          registrationOf(a, body),
          principal,
          deps.registering,
          (code) => assertInJurisdiction(principal, code, a.region),
          `pending-application-${a.applicationId}`,
        );
        // The caller's recordings go with the request, as its voice notes.
        for (const id of [a.recordings.name, a.recordings.need]) {
          const file = id ? await deps.attachments.read(id) : null;
          if (file)
            await deps.attachments.save(outcome.caseId, 'voice_note', file.info.contentType, file.bytes, principal.sub);
        }
      } catch (err) {
        await deps.pending.release(a.applicationId);
        throw err;
      }
      const at = now();
      await deps.pending.complete(a.applicationId, {
        caseId: outcome.caseId,
        caseNumber: outcome.caseNumber,
        by: principal.sub,
        at,
      });
      await deps.audit.record({
        actor: principal.sub,
        role: principal.role,
        actorJurisdiction: principal.jurisdiction,
        action: 'update',
        subjectType: 'pending_application',
        subjectId: a.applicationId,
        places: [a.township],
        purpose: `identity completed by call back: case ${outcome.caseNumber}`,
      });
      res.status(201).json({ applicationId: a.applicationId, ...outcome });
      return undefined;
    },
  });
}
