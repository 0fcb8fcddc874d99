import { readersOf } from '@carelink/auth';
import { DomainError, type Commits } from '@carelink/contracts';
import { AppError, checkUpload, sendStoredFile, type ServiceApp } from '@carelink/http';
import type { PolicyPacks } from '@carelink/policy';
import type { AuditEntry } from '@carelink/store';
import type { ConfirmationCodes } from '../../data-access/confirmation-codes';
import type { VisitPhotoStore } from '../../data-access/visit-photo-store';
import type { VisitRepository } from '../../data-access/visit-repository';
import { answeredVisit, VISIT, type AssignmentLookup, type VisitState } from '../../domain/assignment';
import type { PlanState } from '../../domain/service-plan/plan';
import {
  checkInCommand,
  checkOutCommand,
  decideCheckIn,
  decideCheckOut,
  verificationRulesOf,
  type VerificationRules,
} from '../../domain/verify-delivery/check-in-out';
import {
  assertChannelMay,
  awaitingConfirmation,
  confirmVisitCommand,
  decideConfirmation,
  decideDispute,
  decidePaperConfirmation,
  disputeVisitCommand,
  recordPaperConfirmationCommand,
  workerDisplayName,
} from '../../domain/verify-delivery/confirmation';
import { assertMayAddPhoto, decideAddPhoto, PHOTO_RULE } from '../../domain/verify-delivery/visit-photos';
import { visibleRecord } from '../../domain/visibility';
import type { WorkerState } from '../../domain/worker';

/** What the verified-delivery routes use: visits, their assignment and plan, workers' names, codes, photos, jobs. */
export interface VerifiedDeliveryDeps {
  visits: Commits<VisitState> & Pick<VisitRepository, 'visitOf' | 'deliveredOfCase'>;
  assignments: AssignmentLookup;
  plans: { planOf(planId: string): Promise<PlanState | undefined> };
  workers: { workerOf(workerId: string): Promise<WorkerState | undefined> };
  codes: Pick<ConfirmationCodes, 'issue' | 'digest'>;
  /** Sets the delayed job that settles a visit unverified at its confirmBy. */
  deadlines: { settleAt(visit: VisitState): Promise<void> };
  photos: Pick<VisitPhotoStore, 'save' | 'read'>;
  policies: Pick<PolicyPacks, 'get'>;
  /** The audit trail, for the township's paper confirmations. */
  audit: { record(entry: AuditEntry): Promise<void> };
  now?: () => Date;
}

/** The region's verification rules (400 when its pack has none). */
export function rulesOfRegion(policies: Pick<PolicyPacks, 'get'>, region: string): VerificationRules {
  const pack = policies.get(region);
  if (!pack) throw DomainError.invalid('unknown_region', `no policy pack for region ${region}`, '未知的地区');
  return verificationRulesOf(pack);
}

/**
 * Verified delivery (核验): the worker checks in and out on site (time, place against the recipient's home, tasks,
 * photos), the recipient confirms with the one-time code by chat or hotline (or disputes), a township clerk records
 * a signed paper slip; unconfirmed visits settle unverified at `confirmBy` (a delayed job).
 */
export function verifiedDeliveryRoutes(app: ServiceApp, deps: VerifiedDeliveryDeps): void {
  const { visits } = deps;
  const now = deps.now ?? (() => new Date());
  /** The visit, its assignment and plan, and the region's rules: what a check-in or check-out is judged by. */
  const onSite = async (visitId: string) => {
    const visit = await visits.visitOf(visitId);
    if (!visit) throw DomainError.notFound(...VISIT);
    const [assignment, plan, worker] = await Promise.all([
      deps.assignments.assignmentOf(visit.referralId),
      deps.plans.planOf(visit.referralId),
      deps.workers.workerOf(visit.workerId),
    ]);
    return {
      assignment,
      plan,
      rules: rulesOfRegion(deps.policies, visit.region),
      ...(worker ? { workerDisplayName: workerDisplayName(worker.name) } : {}),
    };
  };

  app.route({
    method: 'post',
    path: '/visits/:visitId/check-in',
    summary:
      "The worker checks in at a scheduled visit (签到): the time is the platform's, the phone's position (optional) is measured against the recipient's home and a far one flagged; a retry answers the visit as it is",
    roles: ['provider_staff'],
    body: checkInCommand,
    responses: { 201: 'the checked-in visit' },
    handle: async ({ req, body, principal }) => {
      const visitId = String(req.params.visitId);
      const site = await onSite(visitId);
      const visit = await visits.commit(visitId, (current, ctx) =>
        decideCheckIn(current, { ...body, ...site, principal }, ctx),
      );
      return answeredVisit(visit);
    },
  });

  app.route({
    method: 'post',
    path: '/visits/:visitId/check-out',
    summary:
      'The worker checks out (签退): tasks done among the visit’s, units, place; the visit is delivered and its one-time code answered once (`confirmationCode`, to tell the recipient in person; never again, never stored); a retry answers the visit without a code',
    roles: ['provider_staff'],
    body: checkOutCommand,
    responses: { 201: 'the delivered visit, awaiting its recipient’s confirmation, with the code the first time' },
    handle: async ({ req, body, principal }) => {
      const visitId = String(req.params.visitId);
      const site = await onSite(visitId);
      const issued = deps.codes.issue(visitId);
      const out = await visits.commit(visitId, (current, ctx) =>
        decideCheckOut(current, { ...body, ...site, principal, issued }, ctx),
      );
      if (out.visit.verification?.state === 'awaiting') await deps.deadlines.settleAt(out.visit);
      return {
        ...answeredVisit(out.visit),
        ...(out.confirmationCode ? { confirmationCode: out.confirmationCode } : {}),
      };
    },
  });

  app.route({
    method: 'post',
    path: '/visits/:visitId/photos',
    summary:
      'A photo the worker takes at a checked-in visit (raw body: JPEG or PNG, 8 MB at most, six a visit), kept in the database; readable by the provider, the township and the county, every read audited',
    roles: ['provider_staff'],
    rawBodyLimit: '9mb',
    responses: { 201: 'the photo as recorded on the visit' },
    handle: async ({ req, principal }) => {
      const visitId = String(req.params.visitId);
      assertMayAddPhoto(await visits.visitOf(visitId), principal);
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const contentType = checkUpload(PHOTO_RULE, req.headers['content-type'], bytes);
      const stored = await deps.photos.save(visitId, contentType, bytes, principal.sub);
      return visits.commit(visitId, (current, ctx) =>
        decideAddPhoto(current, { principal, photo: { photoId: stored.photoId, contentType, size: stored.size } }, ctx),
      );
    },
  });

  app.route({
    method: 'get',
    path: '/visits/:visitId/photos/:photoId',
    summary: 'A photo of a visit, of the type sniffed at upload (audited)',
    roles: readersOf('visit'),
    reads: { resource: 'visit' },
    handle: async ({ req, res, principal }) => {
      const visit = visibleRecord(principal, await visits.visitOf(String(req.params.visitId)), VISIT);
      const photoId = String(req.params.photoId);
      const file = visit.photos?.some((p) => p.photoId === photoId)
        ? await deps.photos.read(visit.visitId, photoId)
        : null;
      if (!file) throw AppError.notFound('photo', '服务照片');
      return () => sendStoredFile(res, { ...file, name: `visit-${visit.visitId}-${photoId}` });
    },
  });

  // The resident's side, through the channel adapters (the chat bot, the hotline IVR), each for its own channel
  // and region. Their Chinese words for residents are the channels' own.
  app.route({
    method: 'get',
    path: '/cases/:caseId/visits/awaiting-confirmation',
    summary:
      "The case's delivered visits whose confirmation is open, oldest first: item, the worker as the recipient knows them (张师傅), times, confirmBy and the tries left (channel adapters, their region only)",
    roles: ['channel_adapter'],
    handle: async ({ req, principal }) => {
      const delivered = await visits.deliveredOfCase(String(req.params.caseId));
      for (const visit of delivered) assertChannelMayRead(principal, visit);
      const names = new Map<string, string>();
      for (const workerId of new Set(delivered.map((v) => v.workerId))) {
        const worker = await deps.workers.workerOf(workerId);
        if (worker) names.set(workerId, worker.name);
      }
      return { visits: awaitingConfirmation(delivered, names, now()) };
    },
  });

  app.route({
    method: 'post',
    path: '/visits/:visitId/confirmation',
    summary:
      "The recipient keys in the visit's one-time code: 200 verified; 422 wrong_confirmation_code with attemptsLeft; 409 confirmation_closed (settled or past confirmBy); 409 wrong_code_limit when the last try fails (the visit is then unverified)",
    roles: ['channel_adapter'],
    body: confirmVisitCommand,
    responses: {
      200: '{ verification: "verified" }',
      422: 'wrong_confirmation_code, with attemptsLeft',
      409: 'confirmation_closed, or wrong_code_limit',
    },
    handle: async ({ req, res, body, principal }) => {
      const visitId = String(req.params.visitId);
      const visit = await visits.visitOf(visitId);
      if (!visit) throw DomainError.notFound(...VISIT);
      assertChannelMay(principal, body.via, visit);
      const outcome = await visits.commit(visitId, (current, ctx) =>
        decideConfirmation(current, { digest: deps.codes.digest(visitId, body.code), via: body.via }, ctx),
      );
      if (outcome.verification === 'verified') {
        res.status(200).json(outcome);
        return undefined;
      }
      if (outcome.verification === 'unverified')
        throw new AppError('wrong_code_limit', 409, 'the last try was wrong: the visit is settled unverified', {
          messageZh: '确认码错误次数已达上限，本次服务未能确认',
          extensions: { attemptsLeft: 0, verification: 'unverified' },
        });
      throw new AppError('wrong_confirmation_code', 422, `wrong code; ${outcome.attemptsLeft} tries left`, {
        messageZh: `确认码不正确，还可以再试${outcome.attemptsLeft}次`,
        extensions: { attemptsLeft: outcome.attemptsLeft },
      });
    },
  });

  app.route({
    method: 'post',
    path: '/visits/:visitId/dispute',
    summary:
      'The recipient says the visit did not happen as recorded (with their words, optional): 200 disputed; 409 confirmation_closed',
    roles: ['channel_adapter'],
    body: disputeVisitCommand,
    responses: { 200: '{ verification: "disputed" }', 409: 'confirmation_closed' },
    handle: async ({ req, res, body, principal }) => {
      const visitId = String(req.params.visitId);
      const visit = await visits.visitOf(visitId);
      if (!visit) throw DomainError.notFound(...VISIT);
      assertChannelMay(principal, body.via, visit);
      res.status(200).json(await visits.commit(visitId, (current, ctx) => decideDispute(current, body, ctx)));
      return undefined;
    },
  });

  app.route({
    method: 'post',
    path: '/visits/:visitId/paper-confirmation',
    summary:
      "A township clerk of the visit's place records the recipient's signed paper confirmation (via township, the reason says what the clerk holds), only while the confirmation is open; audited",
    roles: ['township_caseworker'],
    body: recordPaperConfirmationCommand,
    responses: { 201: 'the verified visit' },
    handle: async ({ req, body, principal }) => {
      const visitId = String(req.params.visitId);
      const visit = await visits.commit(visitId, (current, ctx) =>
        decidePaperConfirmation(current, { ...body, principal }, ctx),
      );
      await deps.audit.record({
        actor: principal.sub,
        role: principal.role,
        actorJurisdiction: principal.jurisdiction,
        action: 'update',
        subjectType: 'visit',
        subjectId: visitId,
        places: [visit.township],
        resource: 'POST /visits/:visitId/paper-confirmation',
        purpose: `paper confirmation: ${body.reason}`,
      });
      return answeredVisit(visit);
    },
  });
}

/** An adapter reads only its region's and places' visits. */
function assertChannelMayRead(principal: Parameters<typeof assertChannelMay>[0], visit: VisitState): void {
  assertChannelMay(principal, principal.channel === 'ivr' ? 'ivr' : 'telegram', visit);
}
