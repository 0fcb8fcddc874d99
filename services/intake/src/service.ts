import type { ServiceDefinition } from '@carelink/service-host';
import { AuditTrail, FieldCipher, once } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { IntakeConfig } from './config';
import { PersonRepository } from './data-access/person-repository';
import { RequestRepository } from './data-access/request-repository';
import { AttachmentStore } from './data-access/attachment-store';
import { intakeRoutes } from './entry-points/http/routes';
import { intakeSubscriptions } from './entry-points/kafka/subscriptions';

function personRepository(connection: Connection, config: IntakeConfig): PersonRepository {
  return new PersonRepository(connection, new FieldCipher(config.PERSON_DATA_KEY, config.PERSON_INDEX_KEY));
}

export const intakeService: ServiceDefinition<IntakeConfig> = {
  name: 'intake',
  outboxCollections: [RequestRepository.collection, PersonRepository.collection],
  prepare: async ({ connection, config }) => {
    await new RequestRepository(connection).prepare();
    await PersonRepository.prepare(connection);
    // Files written before the phone index existed: indexed once (the pass reads every person's file).
    await once(connection, 'persons: phoneIndex', async () => {
      await personRepository(connection, config).indexPhones();
    });
  },
  subscriptions: ({ connection }) => intakeSubscriptions(new RequestRepository(connection)),
  routes: (app, ctx) =>
    intakeRoutes(app, {
      policies: ctx.policies,
      requests: new RequestRepository(ctx.connection),
      persons: personRepository(ctx.connection, ctx.config),
      audit: new AuditTrail(ctx.connection),
      attachments: new AttachmentStore(ctx.connection),
      eventsWritten: ctx.eventsWritten,
    }),
};
