import type { ServiceApp } from '@carelink/http';
import type { ServiceContext } from '@carelink/service-host';
import { FieldCipher } from '@carelink/store';
import type { ProviderSchedulingConfig } from './config';
import { alertStates, coordinatorStates, deviceStates, DoorbellRepository } from './data-access/doorbell-repository';
import { NeighbourRepository, neighbourStates } from './data-access/neighbour-repository';
import { NeighbourVisitRepository, neighbourVisitStates } from './data-access/neighbour-visit-repository';
import type { DoorbellPorts } from './domain/doorbell/doorbell-ports';
import { doorbellRoutes, type DoorbellRoutesDeps } from './entry-points/http/doorbell-routes';
import { neighbourHelpRoutes, type NeighbourHelpRoutesDeps } from './entry-points/http/neighbour-routes';
import { doorbellJobs, escalationBoard } from './entry-points/jobs/doorbell-jobs';

/** The collections of neighbour help and the doorbell whose documents carry events (the outbox relay reads them). */
export const NEIGHBOUR_HELP_COLLECTIONS = [
  NeighbourRepository.collection,
  NeighbourVisitRepository.collection,
  ...DoorbellRepository.collections,
];

export interface NeighbourHelpHttpDeps {
  neighbours: NeighbourHelpRoutesDeps;
  doorbell: DoorbellRoutesDeps;
}

/** Every HTTP route of neighbour help and the love doorbell. */
export function neighbourHelpHttpRoutes(app: ServiceApp, deps: NeighbourHelpHttpDeps): void {
  neighbourHelpRoutes(app, deps.neighbours);
  doorbellRoutes(app, deps.doorbell);
}

/**
 * Neighbour mutual help and the love doorbell wired on the service's context: repositories (ID numbers, phones and
 * device secrets sealed with the workers' keys), the doorbell ports, routes and jobs.
 */
export function neighbourHelpWiring(ctx: ServiceContext<ProviderSchedulingConfig>) {
  const { connection, commits, policies } = ctx;
  const cipher = new FieldCipher(ctx.config.WORKER_DATA_KEY, ctx.config.WORKER_INDEX_KEY);
  const neighbours = new NeighbourRepository(connection, cipher);
  const neighbourVisits = new NeighbourVisitRepository(connection);
  const doorbell = new DoorbellRepository(connection, cipher);
  const ports: DoorbellPorts = {
    devices: { ...commits.bind(deviceStates(cipher)), deviceOf: (id) => doorbell.deviceOf(id) },
    alerts: { ...commits.bind(alertStates), alertOf: (id) => doorbell.alertOf(id) },
    neighbours: {
      ...commits.bind(neighbourStates(cipher)),
      neighbourOf: (id) => neighbours.neighbourOf(id),
      withLinkCode: (index) => neighbours.withLinkCode(index),
    },
    coordinators: {
      ...commits.bind(coordinatorStates),
      linkedCoordinatorsOf: (village) => doorbell.linkedCoordinatorsOf(village),
      coordinatorWithLinkCode: (index) => doorbell.coordinatorWithLinkCode(index),
    },
    packOf: (region) => policies.get(region),
    escalations: escalationBoard(ctx.jobs),
    newId: () => commits.context().newId(),
  };
  const http: NeighbourHelpHttpDeps = {
    neighbours: {
      neighbours: {
        neighbourOf: (id) => neighbours.neighbourOf(id),
        listIn: (j, r) => neighbours.listIn(j, r),
        neighbourIdOf: (r, n) => neighbours.neighbourIdOf(r, n),
        commits: commits.bind(neighbourStates(cipher)),
      },
      neighbourVisits: {
        ofYear: (j, r, y) => neighbourVisits.ofYear(j, r, y),
        ofNeighbour: (id) => neighbourVisits.ofNeighbour(id),
        commits: commits.bind(neighbourVisitStates),
      },
      doorbell: ports,
      codeIndex: (code) => cipher.blindIndex(code, 'chat-link-code'),
      policies,
    },
    doorbell: { ports, doorbell, policies },
  };
  return {
    http,
    jobs: doorbellJobs(ports),
    prepare: async () => {
      await neighbours.prepare();
      await neighbourVisits.prepare();
      await doorbell.prepare();
    },
  };
}
