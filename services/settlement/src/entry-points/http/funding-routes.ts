import type { ServiceApp } from '@carelink/http';
import { isoDate, jurisdictionCode } from '@carelink/contracts';
import { z } from 'zod';
import {
  handleFundingOverview,
  handleRecordTopUpConsent,
  handleTopUpConsents,
  handleWithdrawTopUpConsent,
  ledgerStatements,
  type FundingDeps,
} from '../../domain/funding/handle-funding';
import { ledgerRowsOf, sendLedgerCsv, sendLedgerXlsx } from './ledger-export';

const county = z.string().regex(/^\d{6}$/, 'a 6-digit county code');
const year = z.coerce.number().int().min(2000).max(2100);

/** Funding sources and the cap, the allocation ledger and its export, and Changji's 低保 top-up consents. */
export function fundingRoutes(app: ServiceApp, deps: FundingDeps): void {
  app.route({
    method: 'get',
    path: '/funding',
    summary:
      "A county-year's funding (资金来源): each source's budget, what approved statements drew from it and what is left; the purchased-services cap (cap, used, remaining, fen) and the ledger's reconciliation with the approved statements",
    roles: ['county_officer'],
    query: z.object({ county: county.optional(), year }),
    responses: { 404: 'not_found: the pack has no funding of the county for the year' },
    handle: async ({ query, principal }) => handleFundingOverview(query, principal, deps),
  });

  app.route({
    method: 'get',
    path: '/ledger',
    summary:
      'The allocation ledger of a county-year (资金台账): every entry from its source to the statement, line and visit it paid (reversals negative); ?format=csv|xlsx for finance, formula cells neutralised',
    roles: ['county_officer'],
    query: z.object({ county: county.optional(), year, format: z.enum(['json', 'csv', 'xlsx']).default('json') }),
    handle: async ({ query, principal, res }) => {
      const found = await ledgerStatements(query, principal, deps);
      const rows = ledgerRowsOf(found.statements, found.county, query.year, found.sourceName);
      if (query.format === 'json')
        return { county: found.county, year: query.year, totalFen: rows.reduce((s, r) => s + r.fen, 0), entries: rows };
      const filename = `ledger-${found.county}-${query.year}`;
      if (query.format === 'csv') return void sendLedgerCsv(res, rows, filename);
      return void (await sendLedgerXlsx(res, rows, filename));
    },
  });

  app.route({
    method: 'post',
    path: '/top-up-consents',
    summary:
      "The township records a 低保 family's consent (Changji 001 四(五)) to pay its services from the part of its allowance above the local standard: the case number, the monthly amount (fen) and the day it holds from. Allocation draws it first for the family's lines while the consent holds on the visit's date. Audited",
    roles: ['township_caseworker'],
    body: z.object({
      caseNumber: z.string().trim().min(1).max(100),
      township: jurisdictionCode,
      monthlyFen: z.number().int().positive(),
      from: isoDate,
    }),
    responses: {
      201: 'the consent recorded',
      422: 'no_dibao_top_up (the region has no such source), unknown_case, not_dibao',
    },
    handle: async ({ body, principal }) => handleRecordTopUpConsent(body, principal, deps),
  });

  app.route({
    method: 'post',
    path: '/top-up-consents/:caseId/withdraw',
    summary:
      "The family withdraws its consent from a day: services on or after it no longer draw the family's top-up. Audited",
    roles: ['township_caseworker'],
    body: z.object({ until: isoDate }),
    handle: async ({ req, body, principal }) =>
      handleWithdrawTopUpConsent(String(req.params.caseId), body.until, principal, deps),
  });

  app.route({
    method: 'get',
    path: '/top-up-consents',
    summary: "The 低保 families' consents recorded within the caller's jurisdiction (audited read)",
    roles: ['township_caseworker', 'county_officer'],
    handle: async ({ principal }) => handleTopUpConsents(principal, deps),
  });
}
