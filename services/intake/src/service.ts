import type { StaffPrincipal } from '@carelink/auth';
import type { ServiceApp } from '@carelink/http';
import { RateLimits } from '@carelink/jobs';
import { isLocalMode, type ServiceContext, type ServiceDefinition } from '@carelink/service-host';
import { AuditTrail, FieldCipher, once } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { IntakeConfig } from './config';
import { AttachmentStore } from './data-access/attachment-store';
import { lookupCodeDigest, lookupCodeRecords, newLookupCode } from './data-access/lookup-codes';
import { PersonRepository, personRecords } from './data-access/person-repository';
import type { IntakeCommits } from './data-access/records';
import { RequestRepository, requestRecords } from './data-access/request-repository';
import { SmsOutbox } from './data-access/sms-outbox';
import type { LookupCodeDeps, ResidentTexts } from './domain/follow-progress/handle-lookup-code';
import type { StatusChangeDeps } from './domain/record-status-change/handle-record-status-change';
import type { RegisterDeps } from './domain/register-request/handle-register-request';
import { intakeRoutes, type IntakeRouteDeps } from './entry-points/http/routes';
import {
  pendingApplicationRoutes,
  type PendingApplicationRouteDeps,
} from './entry-points/http/pending-application-routes';
import { intakeSubscriptions } from './entry-points/kafka/subscriptions';
import { PendingApplications } from './data-access/pending-applications';

/** An audit line for a change of a person's file made by `by`. */
const personChange = (by: StaffPrincipal, personId: string, purpose: string, township?: string) => ({
  actor: by.sub,
  role: by.role,
  actorJurisdiction: by.jurisdiction,
  action: 'update' as const,
  subjectType: 'person',
  subjectId: personId,
  ...(township ? { places: [township] } : {}),
  purpose,
});

/**
 * Intake's use cases wired to its storage: what each reads (repositories, behind the domain's interfaces) and
 * the records each changes through the commit port. `texts`: where residents' one-time codes go (the SMS
 * outbox unless a test gives its double).
 */
export function intakeUseCases(
  connection: Connection,
  config: IntakeConfig,
  commits: IntakeCommits,
  texts?: ResidentTexts,
  logger?: ServiceContext['logger'],
) {
  const cipher = new FieldCipher(config.PERSON_DATA_KEY, config.PERSON_INDEX_KEY);
  const requests = new RequestRepository(connection);
  const persons = new PersonRepository(connection, cipher);
  const files = personRecords(commits, cipher);
  const audit = new AuditTrail(connection);
  const changing = requestRecords(connection, commits, cipher);
  const context = () => commits.context();
  const registering: RegisterDeps = {
    context,
    persons: {
      personIdOf: (idNumber) => persons.personIdOf(idNumber),
      files: files.identity,
      serialised: (personId, work) => persons.serialised(personId, work),
    },
    lookups: requests,
    requests: changing.registering,
    identityChanged: ({ personId, fields, by, township }) =>
      audit.record(
        personChange(by, personId, `identity changed at the township window: ${fields.join(', ')}`, township),
      ),
  };
  const statusChanges: StatusChangeDeps = {
    context,
    personIdOf: (idNumber) => persons.personIdOf(idNumber),
    requestTownshipsOf: (personId) => requests.townshipsOf(personId),
    declaredGroupsOf: (personId) => requests.declaredGroupsOf(personId),
    persons: files.assistance,
  };
  const lookupCodes: LookupCodeDeps = {
    context,
    persons,
    codes: lookupCodeRecords(commits),
    identity: files.identity,
    texts:
      texts ??
      new SmsOutbox(connection, cipher, logger ?? { info: () => undefined }, { showCodesInLog: isLocalMode() }),
    newCode: newLookupCode,
    digest: lookupCodeDigest(cipher),
    phoneConfirmed: ({ personId, by }) =>
      audit.record(personChange(by, personId, 'new phone confirmed by a one-time code sent to the phone on file')),
  };
  return {
    requests,
    persons,
    registering,
    statusChanges,
    lookupCodes,
    audit,
    /** First-time callers' phone applications awaiting identity. */
    pending: new PendingApplications(connection, cipher),
    nextSequence: (scope: string) => requests.nextSequence(scope),
    newId: () => commits.context().newId(),
    /** Keyed hash of who asks through a channel: what their look-ups are counted under. */
    callerKey: (key: string) => cipher.blindIndex(key, 'lookup-caller'),
    following: changing.following,
  };
}

/**
 * Every HTTP route of intake, declared on `app` (the host adds `/audit-trail`); `npm run openapi` builds the
 * OpenAPI document from it with stand-ins for `deps`.
 */
export function intakeHttpRoutes(app: ServiceApp, deps: IntakeRouteDeps & PendingApplicationRouteDeps): void {
  intakeRoutes(app, deps);
  pendingApplicationRoutes(app, deps);
}

export interface IntakeServiceOptions {
  /** Where residents' texts go; the SMS outbox (for a gateway to deliver) unless given. */
  texts?: ResidentTexts;
}

/** Intake as a process: its use cases, storage, HTTP routes and Kafka subscriptions. */
export function createIntakeService(options: IntakeServiceOptions = {}): ServiceDefinition<IntakeConfig> {
  let limits: RateLimits | undefined;
  return {
    name: 'intake',
    outboxCollections: [RequestRepository.collection, PersonRepository.collection],
    prepare: async ({ connection, config, commits }) => {
      await new RequestRepository(connection).prepare();
      await PersonRepository.prepare(connection);
      await SmsOutbox.prepare(connection);
      await intakeUseCases(connection, config, commits).pending.prepare();
      // Files written before the phone index existed: indexed once (the pass reads every person's file).
      await once(connection, 'persons: phoneIndex', async () => {
        await intakeUseCases(connection, config, commits).persons.indexPhones();
      });
    },
    subscriptions: ({ connection, config, commits }) =>
      intakeSubscriptions(intakeUseCases(connection, config, commits).following),
    routes: (app, { connection, config, commits, policies, logger }) => {
      limits = new RateLimits({ redisUrl: config.REDIS_URL, prefix: `${config.JOBS_PREFIX}:intake:` });
      intakeHttpRoutes(app, {
        ...intakeUseCases(connection, config, commits, options.texts, logger),
        policies,
        attachments: new AttachmentStore(connection),
        limits,
      });
    },
    onStop: async () => {
      await limits?.close();
    },
  };
}

export const intakeService: ServiceDefinition<IntakeConfig> = createIntakeService();
