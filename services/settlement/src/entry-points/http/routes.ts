import type { Commits } from '@carelink/contracts';
import { jurisdictionCode, month } from '@carelink/contracts';
import { AppError, type ServiceApp } from '@carelink/http';
import type { PolicyPacks } from '@carelink/policy';
import type { UseCaseExtras } from '@carelink/service-host';
import { z } from 'zod';
import type { AccrualRepository } from '../../data-access/accrual-repository';
import {
  handleMonthlyStatement,
  handleStatement,
  handleStatementsOfMonth,
  statementKeyOf,
  statementsOfMonth,
  type MonthSources,
} from '../../domain/monthly-statement/handle-monthly-statement';
import { assertMaySeeAccrual } from '../../domain/monthly-statement/monthly-statement';
import { statementIdOf, type StoredStatement } from '../../domain/statement/statement';
import { readStatement } from '../../domain/statement/statement-reader';
import { confirmStatement, markStatementPaid } from '../../domain/statement/statement-transitions';
import { handleApproveStatement, type FundingDeps } from '../../domain/funding/handle-funding';
import { sendStatementsCsv, sendStatementsXlsx } from './statement-export';

const READERS = ['township_caseworker', 'county_officer', 'provider_staff'] as const;
const format = z.enum(['json', 'csv', 'xlsx']).default('json');

export interface SettlementRouteDeps extends MonthSources, Omit<FundingDeps, 'commits' | 'statements'> {
  accruals: AccrualRepository;
  policies: PolicyPacks;
  /** Stored statements as use cases change them. */
  commits: Commits<StoredStatement, UseCaseExtras>;
}

export function settlementRoutes(app: ServiceApp, deps: SettlementRouteDeps): void {
  app.route({
    method: 'get',
    path: '/statements',
    summary:
      "A provider's month over the townships in scope (月度结算单): paid visit lines by item and fee, the total paid in fen, each township's statement with its state, and the accruals",
    roles: [...READERS],
    query: z.object({ providerId: z.string().min(1), month, township: jurisdictionCode.optional() }),
    handle: async ({ req, principal }) => handleMonthlyStatement(req.query, principal, deps),
  });

  app.route({
    method: 'get',
    path: '/statements/of-month',
    summary:
      'The statements of a month (one per provider × township) within the caller’s jurisdiction or one township of it, with state, totals, held and excluded counts (?format=csv|xlsx: every line for finance)',
    roles: [...READERS],
    query: z.object({ month, township: jurisdictionCode.optional(), format }),
    handle: async ({ req, query, principal, res }) => {
      const listed = await handleStatementsOfMonth(req.query, principal, deps);
      if (query.format === 'json') return listed;
      const statements = await statementsOfMonth(
        listed.month,
        listed.township,
        principal.role === 'provider_staff' ? principal.providerId : undefined,
        deps,
      );
      const filename = `statements-${listed.month}-${listed.township || 'all'}`;
      if (query.format === 'csv') return void sendStatementsCsv(res, statements, filename);
      return void (await sendStatementsXlsx(res, statements, filename));
    },
  });

  app.route({
    method: 'get',
    path: '/statements/:month/:township/:providerId',
    summary:
      'One monthly statement of a provider in a township: its state with who and when, its lines (paid, held, adjusting) and excluded lines with their reasons (?format=csv|xlsx for finance)',
    roles: [...READERS],
    query: z.object({ format }),
    handle: async ({ req, query, principal, res }) => {
      const statement = await handleStatement(req.params, principal, deps);
      if (query.format === 'json') return statement;
      const filename = `statement-${statement.month}-${statement.township}-${statement.providerId}`.replace(
        /[^\w.-]/g,
        '_',
      );
      if (query.format === 'csv') return void sendStatementsCsv(res, [statement], filename);
      return void (await sendStatementsXlsx(res, [statement], filename));
    },
  });

  app.route({
    method: 'post',
    path: '/statements/:month/:township/:providerId/confirm',
    summary:
      'The township confirms a draft statement after its month has ended (乡镇确认): its lines are frozen as computed now; later changes become adjusting lines of the next open statement',
    roles: ['township_caseworker'],
    handle: async ({ req, principal }) => {
      const key = statementKeyOf(req.params, principal, deps);
      const computed = await readStatement(key, deps);
      await deps.commits.commit(statementIdOf(key), (current, ctx) =>
        confirmStatement(current, computed, principal, ctx),
      );
      return readStatement(key, deps);
    },
  });

  app.route({
    method: 'post',
    path: '/statements/:month/:township/:providerId/approve',
    summary:
      "The county approves a confirmed statement for payment (县级审批), with who and when: each payable line is allocated to funding sources in the pack's order and booked in the ledger with the approval; refused when the purchased-services cap would be passed (with cap, used, this statement and the excess) or a line finds no money",
    roles: ['county_officer'],
    responses: {
      409: 'funding_reservation_lost: the funding reserved for this approval lapsed (another approval of the statement took over, or this one took too long); approve again',
      422: 'purchased_services_cap_exceeded (errors[0]: capFen, usedFen, thisStatementFen, overByFen), statement_unfunded, no_funding_year, reversal_unbooked (an adjusting line takes back more than the ledger paid for its visit: approve the visit’s month first)',
    },
    handle: async ({ req, principal }) => {
      const key = statementKeyOf(req.params, principal, deps);
      await handleApproveStatement(key, principal, deps);
      return readStatement(key, deps);
    },
  });

  app.route({
    method: 'post',
    path: '/statements/:month/:township/:providerId/paid',
    summary: 'The county records an approved statement as paid to the provider, with who and when',
    roles: ['county_officer'],
    handle: async ({ req, principal }) => {
      const key = statementKeyOf(req.params, principal, deps);
      await deps.commits.commit(statementIdOf(key), (current, ctx) => markStatementPaid(current, principal, ctx));
      return readStatement(key, deps);
    },
  });

  app.route({
    method: 'get',
    path: '/accruals/:visitId',
    summary: 'The accrual of one delivered visit',
    roles: [...READERS],
    handle: async ({ req, principal }) => {
      const accrual = await deps.accruals.get(String(req.params.visitId));
      if (!accrual) throw AppError.notFound('accrual', '结算记录');
      assertMaySeeAccrual(principal, accrual);
      return accrual;
    },
  });
}
