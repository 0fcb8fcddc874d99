import { assertCovers, type StaffPrincipal } from '@carelink/auth';
import { DomainError, type Commits } from '@carelink/contracts';
import type { PolicyPack, PolicyPacks } from '@carelink/policy';
import { statementIdOf, type StatementKey, type StoredStatement } from '../statement/statement';
import { approveStatement, assertApprovable } from '../statement/statement-transitions';
import type { FamilyTopUp } from './allocate-line';
import { fundStatement } from './fund-statement';
import { fundingOverview, type FundingOverview } from './funding-overview';
import {
  assertReservationHeld,
  countyYearIdOf,
  reserveFunding,
  withdrawReservation,
  type CountyYearReservations,
} from './funding-reservation';
import type { PersonFacts } from './person-facts';
import {
  assertRegionHasTopUp,
  recordTopUpConsent,
  withdrawTopUpConsent,
  type RecordTopUpConsent,
  type StoredTopUpConsent,
} from './top-up-consent';

/** Where funding's use cases read and write (settlement's repositories and commit bindings). */
export interface FundingDeps {
  policies: Pick<PolicyPacks, 'get'>;
  statements: { ofPlace(place: { providerId: string; township: string }): Promise<StoredStatement[]> };
  /** Stored statements as use cases change them. */
  commits: Commits<StoredStatement, object>;
  /** The county-years' funding reservations (the approvals' guard), by `<county>|<year>`. */
  reservations: Commits<CountyYearReservations, object>;
  funding: {
    approvedOf(county: string, year: number): Promise<StoredStatement[]>;
    reservationsOf(county: string, year: number): Promise<CountyYearReservations | undefined>;
    persons(caseIds: readonly string[]): Promise<Map<string, PersonFacts>>;
    personByCaseNumber(caseNumber: string): Promise<PersonFacts | undefined>;
    topUps(familyIds: readonly string[]): Promise<Map<string, FamilyTopUp>>;
    topUpConsentsWithin(jurisdiction: string): Promise<StoredTopUpConsent[]>;
  };
  topUpConsents: Commits<StoredTopUpConsent, object>;
  audit: {
    record(entry: {
      actor: string;
      role: string;
      actorJurisdiction: string;
      action: 'create' | 'update' | 'read';
      subjectType: string;
      subjectId?: string;
      subjectIds?: string[];
      places: string[];
      resource: string;
      purpose?: string;
    }): Promise<void>;
  };
}

function packOf(deps: Pick<FundingDeps, 'policies'>, region: string): PolicyPack {
  const pack = deps.policies.get(region);
  if (!pack) throw DomainError.unprocessable('unknown_region', `no policy pack for ${region}`, '未找到本地区政策包');
  return pack;
}

/**
 * ApproveStatement with its funding, guarded per county-year (see `funding-reservation.ts` for the rule):
 *
 * 1. reserve: on the county-year's reservations document, version-checked, the facts read after it (the
 *    approved statements' ledger, the place's statements, the persons served and their families' top-ups), the
 *    state checked, the statement funded (allocation, cap) on the ledger plus the reservations in flight, and
 *    its entries reserved. A refusal (cap, no money, state) writes nothing; a lost version race decides again
 *    on fresh facts;
 * 2. commit: in one write, the approval with exactly the reserved entries (only while the reservation holds);
 * 3. settle: the reservation withdrawn, after the commit and after a failure alike.
 *
 * A second approval is refused by the state (nothing booked twice); a crash before the commit books nothing, and
 * its reservation stops counting once stale.
 */
export async function handleApproveStatement(
  key: StatementKey,
  principal: StaffPrincipal,
  deps: FundingDeps,
): Promise<StoredStatement> {
  const pack = packOf(deps, key.region);
  const county = key.township.slice(0, 6);
  const year = Number(key.month.slice(0, 4));
  const statementId = statementIdOf(key);
  const { reservation } = await deps.reservations.commit(countyYearIdOf(county, year), async (current, ctx) => {
    // Read after the reservations document (the commit port read it first): an approval that has left it had
    // committed its statement before, so this ledger holds it; one still in it is counted from its reservation.
    const [approved, place] = await Promise.all([deps.funding.approvedOf(county, year), deps.statements.ofPlace(key)]);
    const own = place.find((s) => s.month === key.month);
    assertApprovable(own, principal);
    const caseIds = own.frozen.lines.map((l) => l.caseId);
    const [persons, topUps] = await Promise.all([deps.funding.persons(caseIds), deps.funding.topUps(caseIds)]);
    return reserveFunding(
      current,
      {
        county,
        year,
        statementId,
        ledger: approved.flatMap((s) => (s.ledger ?? []).filter((e) => e.county === county && e.budgetYear === year)),
        approvedIds: new Set(approved.map((s) => s.statementId)),
        fund: (ledger) => fundStatement(own, { pack, ledger, place, persons, topUps }),
      },
      ctx,
    );
  });
  const settle = () =>
    deps.reservations
      .commit(countyYearIdOf(county, year), (current) => withdrawReservation(current, statementId, reservation.token))
      // Not settled (the store failed): the reservation stops counting once its statement is approved or stale.
      .catch(() => undefined);
  try {
    const approved = await deps.commits.commit(statementId, async (current, ctx) => {
      assertReservationHeld(await deps.funding.reservationsOf(county, year), statementId, reservation.token, ctx.now);
      return approveStatement(current, principal, ctx, () => ({ entries: reservation.entries }));
    });
    await settle();
    return approved;
  } catch (err) {
    await settle();
    throw err;
  }
}

const countyOf = (principal: StaffPrincipal, county: string | undefined): string => {
  const code = county ?? principal.jurisdiction.slice(0, 6);
  if (!/^\d{6}$/.test(code))
    throw DomainError.invalid('invalid_county', 'county is a 6-digit division code', '请填写6位县(市、区)代码');
  assertCovers(principal, code, principal.region);
  return code;
};

/** 资金来源: the county-year's sources, budgets, allocated, remaining and the cap (county staff of the county). */
export async function handleFundingOverview(
  query: { county?: string; year: number },
  principal: StaffPrincipal,
  deps: FundingDeps,
): Promise<FundingOverview> {
  const county = countyOf(principal, query.county);
  const pack = packOf(deps, principal.region);
  const overview = fundingOverview(pack, county, query.year, await deps.funding.approvedOf(county, query.year));
  if (!overview)
    throw DomainError.notFound(
      `funding of county ${county} for ${query.year}`,
      `${county} ${query.year} 年度的资金预算`,
    );
  return overview;
}

/** The approved statements of a county-year with their ledgers (the ledger's export), scoped to the caller. */
export async function ledgerStatements(
  query: { county?: string; year: number },
  principal: StaffPrincipal,
  deps: FundingDeps,
): Promise<{ county: string; statements: StoredStatement[]; sourceName: (code: string) => string }> {
  const county = countyOf(principal, query.county);
  const pack = packOf(deps, principal.region);
  const names = new Map(pack.funding.sources.map((s) => [s.code, s.name.zh]));
  return {
    county,
    statements: await deps.funding.approvedOf(county, query.year),
    sourceName: (code) => names.get(code) ?? code,
  };
}

/** The township records a 低保 family's consent (Changji), found by its case number; audited. */
export async function handleRecordTopUpConsent(
  body: Omit<RecordTopUpConsent, 'caseId'>,
  principal: StaffPrincipal,
  deps: FundingDeps,
): Promise<StoredTopUpConsent> {
  const pack = packOf(deps, principal.region);
  assertCovers(principal, body.township, principal.region);
  assertRegionHasTopUp(pack);
  const person = await deps.funding.personByCaseNumber(body.caseNumber);
  if (!person || person.region !== principal.region)
    throw DomainError.unprocessable(
      'unknown_case',
      `no eligibility decision is known for case ${body.caseNumber}`,
      `未找到案件编号 ${body.caseNumber} 的审核确认记录`,
    );
  if (!person.groups.includes('dibao'))
    throw DomainError.unprocessable(
      'not_dibao',
      `case ${body.caseNumber} is not a 低保 family`,
      `案件 ${body.caseNumber} 不是低保对象，不能使用低保金增发部分`,
    );
  const saved = await deps.topUpConsents.commit(person.caseId, (current, ctx) =>
    recordTopUpConsent(current, { ...body, caseId: person.caseId }, pack, principal, ctx),
  );
  await deps.audit.record({
    actor: principal.sub,
    role: principal.role,
    actorJurisdiction: principal.jurisdiction,
    action: 'create',
    subjectType: 'top_up_consent',
    subjectId: saved.caseId,
    places: [saved.township],
    resource: 'POST /top-up-consents',
    purpose: `recorded the 低保 top-up consent of case ${saved.caseNumber}: ${saved.monthlyFen} fen a month from ${saved.consent.from}`,
  });
  return saved;
}

export async function handleWithdrawTopUpConsent(
  caseId: string,
  until: string,
  principal: StaffPrincipal,
  deps: FundingDeps,
): Promise<StoredTopUpConsent> {
  const saved = await deps.topUpConsents.commit(caseId, (current, ctx) =>
    withdrawTopUpConsent(current, until, principal, ctx),
  );
  await deps.audit.record({
    actor: principal.sub,
    role: principal.role,
    actorJurisdiction: principal.jurisdiction,
    action: 'update',
    subjectType: 'top_up_consent',
    subjectId: saved.caseId,
    places: [saved.township],
    resource: 'POST /top-up-consents/:caseId/withdraw',
    purpose: `recorded the withdrawal of case ${saved.caseNumber}'s 低保 top-up consent from ${until}`,
  });
  return saved;
}

/** The consents recorded within the caller's jurisdiction; the read is audited with the families it shows. */
export async function handleTopUpConsents(
  principal: StaffPrincipal,
  deps: FundingDeps,
): Promise<{ items: StoredTopUpConsent[] }> {
  const items = await deps.funding.topUpConsentsWithin(principal.jurisdiction);
  await deps.audit.record({
    actor: principal.sub,
    role: principal.role,
    actorJurisdiction: principal.jurisdiction,
    action: 'read',
    subjectType: 'top_up_consent',
    subjectIds: items.map((i) => i.caseId),
    places: [...new Set(items.map((i) => i.township))],
    resource: 'GET /top-up-consents',
  });
  return { items };
}
