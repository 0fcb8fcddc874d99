import { assertCovers, readersOf, type StaffPrincipal } from '@carelink/auth';
import { DomainError, type Commits } from '@carelink/contracts';
import type { ServiceApp } from '@carelink/http';
import { chinaDate, type PolicyPacks } from '@carelink/policy';
import { z } from 'zod';
import type { NeighbourRepository, NeighbourWrite } from '../../data-access/neighbour-repository';
import type { NeighbourVisitRepository } from '../../data-access/neighbour-visit-repository';
import type { DoorbellPorts } from '../../domain/doorbell/doorbell-ports';
import { decideCoordinatorLinkCode } from '../../domain/doorbell/coordinator';
import { linkChat } from '../../domain/doorbell/ring-doorbell';
import { countVisitsByNeighbour } from '../../domain/neighbour-help/count-visits';
import { NEIGHBOUR, neighbourView, type NeighbourState } from '../../domain/neighbour-help/neighbour';
import {
  decideRecordNeighbourVisit,
  recordNeighbourVisitCommand,
  type NeighbourVisitState,
} from '../../domain/neighbour-help/record-neighbour-visit';
import {
  decideIssueLinkCode,
  decidePairNeighbour,
  decideRecordNeighbourTraining,
  decideRegisterNeighbour,
  pairNeighbourCommand,
  registerNeighbourCommand,
} from '../../domain/neighbour-help/register-neighbour';
import { recordTrainingCommand } from '../../domain/register-worker/register-worker';
import { chatLinkCode } from './chat-link-code';

/** What the neighbour routes use: the commit ports, the look-ups, the code index and the packs. */
export interface NeighbourHelpRoutesDeps {
  neighbours: Pick<NeighbourRepository, 'neighbourOf' | 'listIn' | 'neighbourIdOf'> & {
    commits: Commits<NeighbourWrite>;
  };
  neighbourVisits: Pick<NeighbourVisitRepository, 'ofYear' | 'ofNeighbour'> & { commits: Commits<NeighbourVisitState> };
  doorbell: DoorbellPorts;
  /** The keyed index a one-time chat link code is kept and found by (the code itself is never stored). */
  codeIndex: (code: string) => string;
  policies: Pick<PolicyPacks, 'get'>;
}

const MANAGERS = ['township_caseworker', 'village_coordinator'] as const;

const jurisdictionQuery = z.object({
  village: z
    .string()
    .regex(/^\d{12}$/)
    .optional()
    .describe('one village of the caller’s jurisdiction; default: all of it'),
});
const countQuery = jurisdictionQuery.extend({
  year: z
    .string()
    .regex(/^\d{4}$/, 'a year, e.g. 2026')
    .optional(),
});
const linkBody = z.object({ code: z.string().regex(/^(nb|vc)-[A-Z0-9]{8}$/, 'a chat link code, e.g. nb-7KQ2M9XD') });

/** The jurisdiction a listing covers: the village asked (within the caller's), or the caller's whole jurisdiction. */
function scopeOf(principal: StaffPrincipal, village: string | undefined): string {
  if (!village) return principal.jurisdiction;
  assertCovers(principal, village, principal.region);
  return village;
}

/**
 * Neighbour mutual help (邻里互助, 000 三(六)6): the village or township registers neighbours, their training and
 * the people they help; the village records their help visits and counts them per neighbour and year; neighbours
 * and coordinators link a chat for doorbell alerts with a one-time code.
 */
export function neighbourHelpRoutes(
  app: ServiceApp,
  { neighbours, neighbourVisits, doorbell, codeIndex, policies }: NeighbourHelpRoutesDeps,
): void {
  const packOf = (region: string) => {
    const pack = policies.get(region);
    if (!pack) throw DomainError.invalid('unknown_region', `no policy pack for region ${region}`, '未知的地区');
    return pack;
  };
  const today = () => chinaDate(new Date());
  const view = (n: NeighbourState) => neighbourView(n, packOf(n.region).neighbourTraining, today());
  const visible = async (principal: StaffPrincipal, neighbourId: string) => {
    const n = await neighbours.neighbourOf(neighbourId);
    if (!n) throw DomainError.notFound(...NEIGHBOUR);
    assertCovers(principal, n.village, n.region);
    return n;
  };

  app.route({
    method: 'post',
    path: '/neighbours',
    summary: 'Register a neighbour of a village for mutual help (ID number checked, stored encrypted, answered masked)',
    roles: [...MANAGERS],
    body: registerNeighbourCommand,
    responses: { 201: 'the registered neighbour', 409: 'neighbour_already_registered' },
    handle: async ({ body, principal }) => {
      const pack = packOf(principal.region);
      const neighbourId = neighbours.neighbourIdOf(pack.region, body.idNumber);
      return view(
        await neighbours.commits.commit(neighbourId, (current, ctx) =>
          decideRegisterNeighbour(current, { ...body, neighbourId, principal, pack }, ctx),
        ),
      );
    },
  });

  app.route({
    method: 'get',
    path: '/neighbours',
    summary: 'The neighbours of the caller’s jurisdiction (or one village), by village and name (audited)',
    roles: readersOf('neighbour'),
    reads: { resource: 'neighbour', list: true },
    query: jurisdictionQuery,
    handle: async ({ query, principal }) => ({
      items: (await neighbours.listIn(scopeOf(principal, query.village), principal.region)).map(view),
    }),
  });

  app.route({
    method: 'get',
    path: '/neighbours/:neighbourId',
    summary: 'One neighbour with their recorded help visits, newest first (audited)',
    roles: readersOf('neighbour'),
    reads: { resource: 'neighbour' },
    handle: async ({ req, principal }) => {
      const n = await visible(principal, String(req.params.neighbourId));
      return { ...view(n), visits: await neighbourVisits.ofNeighbour(n.neighbourId) };
    },
  });

  app.route({
    method: 'post',
    path: '/neighbours/:neighbourId/training',
    summary: 'Record a training the neighbour took (简单护理技能培训)',
    roles: [...MANAGERS],
    body: recordTrainingCommand,
    responses: { 201: 'the neighbour with the training' },
    handle: async ({ req, body, principal }) =>
      view(
        await neighbours.commits.commit(String(req.params.neighbourId), (current, ctx) =>
          decideRecordNeighbourTraining(current, { ...body, principal }, ctx),
        ),
      ),
  });

  app.route({
    method: 'post',
    path: '/neighbours/:neighbourId/pairings',
    summary: 'Pair the neighbour with a person they help (结对)',
    roles: [...MANAGERS],
    body: pairNeighbourCommand,
    responses: { 201: 'the neighbour with the pairing', 409: 'already_paired' },
    handle: async ({ req, body, principal }) =>
      view(
        await neighbours.commits.commit(String(req.params.neighbourId), (current, ctx) =>
          decidePairNeighbour(current, { ...body, principal }, ctx),
        ),
      ),
  });

  app.route({
    method: 'post',
    path: '/neighbours/:neighbourId/chat-link-code',
    summary:
      'A one-time code (72 hours) the neighbour sends the chat bot (`/start nb-…`) to receive doorbell alerts there; shown once, a new one replaces it',
    roles: [...MANAGERS],
    responses: { 201: 'the code and when it expires' },
    handle: async ({ req, principal }) => {
      const code = chatLinkCode('nb');
      const { expiresAt } = await neighbours.commits.commit(String(req.params.neighbourId), (current, ctx) =>
        decideIssueLinkCode(current, { principal, codeIndex: codeIndex(code) }, ctx),
      );
      return { code, startCommand: `/start ${code}`, expiresAt };
    },
  });

  app.route({
    method: 'post',
    path: '/neighbours/:neighbourId/visits',
    summary:
      'The village records a help visit of a trained neighbour to a person they are paired with (neighbour-visit.recorded.v1)',
    roles: [...MANAGERS],
    body: recordNeighbourVisitCommand,
    responses: { 201: 'the recorded visit', 409: 'neighbour_not_trained' },
    handle: async ({ req, body, principal }) => {
      const neighbour = await visible(principal, String(req.params.neighbourId));
      const pack = packOf(neighbour.region);
      const visitId = doorbell.newId();
      return neighbourVisits.commits.commit(visitId, (current, ctx) =>
        decideRecordNeighbourVisit(current, { ...body, visitId, neighbour, principal, pack }, ctx),
      );
    },
  });

  app.route({
    method: 'get',
    path: '/neighbour-visits/counts',
    summary:
      'Help visits counted per neighbour in a year (default: this year), in the caller’s jurisdiction or one village (audited)',
    roles: readersOf('neighbour'),
    reads: { resource: 'neighbour', list: true },
    query: countQuery,
    handle: async ({ query, principal }) => {
      const scope = scopeOf(principal, query.village);
      const year = query.year ?? today().slice(0, 4);
      const [listed, visits] = await Promise.all([
        neighbours.listIn(scope, principal.region),
        neighbourVisits.ofYear(scope, principal.region, year),
      ]);
      return { year, items: countVisitsByNeighbour(listed, visits, year) };
    },
  });

  app.route({
    method: 'post',
    path: '/coordinator/chat-link-code',
    summary:
      'A village coordinator’s own one-time code (72 hours) to receive the village’s doorbell alerts in the chat bot (`/start vc-…`)',
    roles: ['village_coordinator'],
    responses: { 201: 'the code and when it expires' },
    handle: async ({ principal }) => {
      const code = chatLinkCode('vc');
      const { expiresAt } = await doorbell.coordinators.commit(principal.sub, (current, ctx) =>
        decideCoordinatorLinkCode(current, { principal, codeIndex: codeIndex(code) }, ctx),
      );
      return { code, startCommand: `/start ${code}`, expiresAt };
    },
  });

  app.route({
    method: 'post',
    path: '/chat-links',
    summary:
      'The chat bot redeems a link code a chat sent: the neighbour or coordinator it names is linked (the bot keeps the chat); 400 link_code_invalid when unknown, used or expired',
    roles: ['channel_adapter'],
    body: linkBody,
    responses: { 201: 'who was linked: kind, id, name, region, village' },
    // The code is the secret a chat holds (given by its village, spent once): the answer names the region, whichever
    // of the bot's regions' tokens redeemed it.
    handle: ({ body }) => linkChat(doorbell, body.code, codeIndex(body.code)),
  });
}
