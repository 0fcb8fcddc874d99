import { assertCovers } from '@carelink/auth';
import { freeText } from '@carelink/contracts';
import type { ServiceApp } from '@carelink/http';
import { z } from 'zod';
import {
  handleNeighbourSubsidies,
  type NeighbourSubsidyDeps,
} from '../../domain/neighbour-help/handle-neighbour-subsidies';
import {
  handleDrawSample,
  handlePublicResults,
  handleRecordCheck,
  handleReleaseHold,
  handleSampleView,
  handleSupervisionReport,
  type SpotCheckDeps,
} from '../../domain/spot-check/handle-spot-checks';
import {
  sendNeighbourSubsidiesCsv,
  sendNeighbourSubsidiesXlsx,
  sendPublicResultsXlsx,
  sendSupervisionReportXlsx,
} from './supervision-export';

const county = z.string().regex(/^\d{6}$/, 'a 6-digit county code');
const year = z.coerce.number().int().min(2000).max(2100);

/** The county's spot checks, its yearly supervision report and published results, and the neighbour subsidies. */
export function spotCheckRoutes(app: ServiceApp, deps: SpotCheckDeps & NeighbourSubsidyDeps): void {
  app.route({
    method: 'post',
    path: '/spot-checks/samples',
    summary:
      "The county draws the year's spot-check sample (抽查): at least the pack's share (rounded up) of every stratum (township × provider × item) of the county's verified services, hash-ordered by the seed (given, or a new one); the same seed over the same services draws the same sample. A sample never changes: drawing again is a new sample, audited",
    roles: ['county_officer'],
    body: z.object({
      county,
      year: z.number().int().min(2000).max(2100),
      seed: z.string().trim().min(1).max(200).optional(),
    }),
    responses: {
      201: 'the sample drawn, per stratum',
      409: 'no_services: the county has no verified services that year',
    },
    handle: async ({ body, principal }) => handleDrawSample(body, principal, deps),
  });

  app.route({
    method: 'get',
    path: '/spot-checks/samples',
    summary: 'The samples drawn for a county-year, newest first (seed, who and when, how many sampled)',
    roles: ['county_officer'],
    query: z.object({ county, year }),
    handle: async ({ query, principal }) => {
      assertCovers(principal, query.county, principal.region);
      return { samples: await deps.spotChecks.samplesOf(query.county, query.year) };
    },
  });

  app.route({
    method: 'get',
    path: '/spot-checks/samples/:sampleId',
    summary:
      'A spot-check sample: its seed, every stratum with its total, required and checked counts, and every sampled visit (the case masked) with its check',
    roles: ['county_officer'],
    handle: async ({ req, principal }) => handleSampleView(String(req.params.sampleId), principal, deps),
  });

  app.route({
    method: 'post',
    path: '/spot-checks/samples/:sampleId/checks',
    summary:
      "Records the check of a sampled visit: method (home visit, phone call, records), result (confirmed, not delivered, partially, quality issue) and what was found. Not (fully) delivered holds the visit's line while its statement is a draft and reverses it (an adjusting line of the next open statement) once confirmed",
    roles: ['county_officer'],
    body: z.object({
      visitId: z.string().min(1).max(200),
      method: z.enum(['home_visit', 'phone_call', 'records']),
      outcome: z.enum(['confirmed', 'not_delivered', 'partially', 'quality_issue']),
      note: z.string().max(2000).default(''),
      action: z.enum(['none', 'hold', 'reverse']).optional(),
    }),
    responses: {
      201: 'the check recorded, with its findings and the line action',
      400: 'invalid_spot_check (each problem listed) or not_in_sample',
      409: 'already_checked',
    },
    handle: async ({ req, body, principal }) =>
      handleRecordCheck(
        String(req.params.sampleId),
        {
          visitId: body.visitId,
          method: body.method,
          outcome: body.outcome,
          note: body.note,
          ...(body.action ? { action: body.action } : {}),
        },
        principal,
        deps,
      ),
  });

  app.route({
    method: 'post',
    path: '/spot-checks/:checkId/release',
    summary:
      "Releases the hold a spot check put on a visit's statement line when a re-check or the provider's evidence clears it, with the reason (audited): a draft statement pays the line when next computed; a statement confirmed with the line held pays it back by an adjusting line of the next open statement. A check id is `<sampleId>:<visitId>`",
    roles: ['county_officer'],
    body: z.object({ reason: freeText().trim().min(1).max(500) }),
    responses: {
      201: 'the check with its release (reason, who, when, the state of the visit’s statement then)',
      404: 'no such spot check',
      409: 'not_held (the check holds no line), line_reversed (a paid line was reversed, not held), already_released',
    },
    handle: async ({ req, body, principal }) => handleReleaseHold(String(req.params.checkId), body, principal, deps),
  });

  app.route({
    method: 'get',
    path: '/supervision-report',
    summary:
      "The county's yearly supervision report from the year's latest sample: services and checks, the share checked per stratum, findings by kind and provider, amounts held and reversed (?format=xlsx: printable)",
    roles: ['county_officer'],
    query: z.object({ county, year, format: z.enum(['json', 'xlsx']).default('json') }),
    handle: async ({ query, principal, res }) => {
      const report = await handleSupervisionReport(query, principal, deps);
      if (query.format === 'json') return report;
      return void (await sendSupervisionReportXlsx(res, report));
    },
  });

  app.route({
    method: 'get',
    path: '/public/supervision-results',
    summary:
      "The county's published spot-check results of a year (结果公布; public, no personal data): counts checked, the share, findings by kind, and per provider its services, checks and findings (?format=xlsx: printable)",
    query: z.object({ county, year, format: z.enum(['json', 'xlsx']).default('json') }),
    handle: async ({ query, res }) => {
      const results = await handlePublicResults(query, deps);
      if (query.format === 'json') return results;
      return void (await sendPublicResultsXlsx(res, results));
    },
  });

  app.route({
    method: 'get',
    path: '/neighbour-subsidies',
    summary:
      "The neighbours' yearly subsidies (邻里互助补贴) of a township or county: per neighbour the visits the villages counted (each once) and the subsidy by the region's rule, in fen (?format=csv|xlsx for finance)",
    roles: ['township_caseworker', 'county_officer'],
    query: z.object({
      township: z
        .string()
        .regex(/^\d{9}$/)
        .optional(),
      county: county.optional(),
      year,
      format: z.enum(['json', 'csv', 'xlsx']).default('json'),
    }),
    handle: async ({ query, principal, res }) => {
      const result = await handleNeighbourSubsidies(query, principal, deps);
      if (query.format === 'json') return result;
      const filename = `neighbour-subsidies-${result.within}-${result.year}`;
      if (query.format === 'csv') return void sendNeighbourSubsidiesCsv(res, result.subsidies, filename);
      return void (await sendNeighbourSubsidiesXlsx(res, result.subsidies, filename));
    },
  });
}
