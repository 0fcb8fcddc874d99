import type { ServiceDefinition } from '@carelink/service-host';
import { AuditTrail, FieldCipher, once } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { IntakeConfig } from './config';
import { AttachmentStore } from './data-access/attachment-store';
import { PersonRepository, personRecords } from './data-access/person-repository';
import type { IntakeCommits } from './data-access/records';
import { RequestRepository, requestRecords } from './data-access/request-repository';
import type { StatusChangeDeps } from './domain/record-status-change/handle-record-status-change';
import type { RegisterDeps } from './domain/register-request/handle-register-request';
import { intakeRoutes } from './entry-points/http/routes';
import { intakeSubscriptions } from './entry-points/kafka/subscriptions';

/**
 * Intake's use cases wired to its storage: what each reads (repositories, behind the domain's interfaces) and
 * the records each changes through the commit port.
 */
export function intakeUseCases(connection: Connection, config: IntakeConfig, commits: IntakeCommits) {
  const cipher = new FieldCipher(config.PERSON_DATA_KEY, config.PERSON_INDEX_KEY);
  const requests = new RequestRepository(connection);
  const persons = new PersonRepository(connection, cipher);
  const changing = requestRecords(connection, commits, cipher);
  const context = () => commits.context();
  const registering: RegisterDeps = { context, persons, lookups: requests, requests: changing.registering };
  const statusChanges: StatusChangeDeps = {
    context,
    personIdOf: (idNumber) => persons.personIdOf(idNumber),
    persons: personRecords(commits, cipher).assistance,
  };
  return { requests, persons, registering, statusChanges, following: changing.following };
}

export const intakeService: ServiceDefinition<IntakeConfig> = {
  name: 'intake',
  outboxCollections: [RequestRepository.collection, PersonRepository.collection],
  prepare: async ({ connection, config, commits }) => {
    await new RequestRepository(connection).prepare();
    await PersonRepository.prepare(connection);
    // Files written before the phone index existed: indexed once (the pass reads every person's file).
    await once(connection, 'persons: phoneIndex', async () => {
      await intakeUseCases(connection, config, commits).persons.indexPhones();
    });
  },
  subscriptions: ({ connection, config, commits }) =>
    intakeSubscriptions(intakeUseCases(connection, config, commits).following),
  routes: (app, { connection, config, commits, policies }) =>
    intakeRoutes(app, {
      ...intakeUseCases(connection, config, commits),
      policies,
      audit: new AuditTrail(connection),
      attachments: new AttachmentStore(connection),
    }),
};
