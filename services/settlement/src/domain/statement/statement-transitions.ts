import { assertCovers, type StaffPrincipal } from '@carelink/auth';
import {
  DomainError,
  draft,
  StatementApproved,
  StatementConfirmed,
  StatementPaid,
  topics,
  type Decision,
  type UseCaseContext,
} from '@carelink/contracts';
import { chinaMonth } from '@carelink/policy';
import type { LedgerEntry } from '../funding/allocation-ledger';
import type { StateChange, Statement, StoredStatement } from './statement';

const stateZh: Record<Statement['state'], string> = {
  draft: '草稿',
  confirmed: '乡镇已确认',
  approved: '县级已审批',
  paid: '已支付',
};

function notIn(state: Statement['state'], expected: Statement['state'], action: string): DomainError {
  return DomainError.conflict(
    'statement_state',
    `the statement is ${state}; only a ${expected} statement can be ${action}`,
    `结算单当前为“${stateZh[state]}”，只有“${stateZh[expected]}”的结算单可以${action === 'confirmed' ? '确认' : action === 'approved' ? '审批' : '标记为已支付'}`,
  );
}

const change = (state: StateChange['state'], principal: StaffPrincipal, ctx: UseCaseContext): StateChange => ({
  state,
  by: principal.sub,
  ...(principal.name ? { byName: principal.name } : {}),
  at: ctx.now.toISOString(),
});

/**
 * ConfirmStatement (乡镇确认): the township freezes a draft as computed now. Only once its month has ended (China
 * time), only a draft, only staff of the statement's township. A later change of its visits becomes an adjusting
 * line of the next open statement.
 */
export function confirmStatement(
  current: StoredStatement | undefined,
  computed: Statement,
  principal: StaffPrincipal,
  ctx: UseCaseContext,
): Decision<StoredStatement, StoredStatement> {
  assertCovers(principal, computed.township, computed.region);
  if (current) throw notIn(current.state, 'draft', 'confirmed');
  if (computed.month >= chinaMonth(ctx.now))
    throw DomainError.conflict(
      'month_not_ended',
      `${computed.month} has not ended; a month is confirmed after its last day`,
      `${computed.month} 尚未结束，月末之后才能确认结算单`,
    );
  if (computed.lines.length === 0 && computed.excluded.length === 0)
    throw DomainError.conflict('statement_empty', 'the statement has no lines', '该结算单没有任何服务记录');
  const confirmed = change('confirmed', principal, ctx);
  const stored: StoredStatement = {
    statementId: computed.statementId,
    region: computed.region,
    township: computed.township,
    providerId: computed.providerId,
    month: computed.month,
    state: 'confirmed',
    history: [confirmed],
    frozen: { lines: computed.lines, excluded: computed.excluded },
  };
  const event = draft(topics.settlementStatements, StatementConfirmed, {
    key: stored.statementId,
    data: {
      ...facts(stored),
      payableFen: computed.payableFen,
      adjustmentFen: computed.adjustmentFen,
      lineCount: computed.lines.length,
      heldCount: computed.lines.filter((l) => l.status === 'held').length,
      excludedCount: computed.excluded.length,
      confirmedBy: confirmed.by,
      confirmedAt: confirmed.at,
    },
  });
  return { state: stored, events: [event], result: stored };
}

/** Whether the caller may approve the statement now: it is confirmed and within the caller's jurisdiction. */
export function assertApprovable(
  current: StoredStatement | undefined,
  principal: StaffPrincipal,
): asserts current is StoredStatement {
  if (!current) throw notIn('draft', 'confirmed', 'approved');
  assertCovers(principal, current.township, current.region);
  if (current.state !== 'confirmed') throw notIn(current.state, 'confirmed', 'approved');
}

/**
 * ApproveStatement (县级审批): the county approves a confirmed statement of a township it covers. `fund` allocates
 * its lines to funding sources and checks the purchased-services cap (`fundStatement`), refusing with the figures;
 * the ledger entries it returns are stored with the approval in the same write.
 */
export function approveStatement(
  current: StoredStatement | undefined,
  principal: StaffPrincipal,
  ctx: UseCaseContext,
  fund: (confirmed: StoredStatement) => { entries: LedgerEntry[] },
): Decision<StoredStatement, StoredStatement> {
  assertApprovable(current, principal);
  const { entries } = fund(current);
  const approved = change('approved', principal, ctx);
  const stored: StoredStatement = {
    ...current,
    state: 'approved',
    history: [...current.history, approved],
    ledger: entries,
  };
  const event = draft(topics.settlementStatements, StatementApproved, {
    key: stored.statementId,
    data: { ...facts(stored), payableFen: payableOf(stored), approvedBy: approved.by, approvedAt: approved.at },
  });
  return { state: stored, events: [event], result: stored };
}

/** MarkStatementPaid (已支付): the county records an approved statement as paid. */
export function markStatementPaid(
  current: StoredStatement | undefined,
  principal: StaffPrincipal,
  ctx: UseCaseContext,
): Decision<StoredStatement, StoredStatement> {
  if (!current) throw notIn('draft', 'approved', 'paid');
  assertCovers(principal, current.township, current.region);
  if (current.state !== 'approved') throw notIn(current.state, 'approved', 'paid');
  const paid = change('paid', principal, ctx);
  const stored: StoredStatement = { ...current, state: 'paid', history: [...current.history, paid] };
  const event = draft(topics.settlementStatements, StatementPaid, {
    key: stored.statementId,
    data: { ...facts(stored), payableFen: payableOf(stored), paidBy: paid.by, paidAt: paid.at },
  });
  return { state: stored, events: [event], result: stored };
}

const facts = (s: StoredStatement) => ({
  statementId: s.statementId,
  region: s.region,
  township: s.township,
  providerId: s.providerId,
  month: s.month,
});

/** What a stored statement pays: its frozen paid lines. */
export const payableOf = (s: StoredStatement) =>
  s.frozen.lines.filter((l) => l.status === 'payable').reduce((sum, l) => sum + l.amountFen, 0);
