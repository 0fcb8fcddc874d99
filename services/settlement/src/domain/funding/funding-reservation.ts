import { DomainError, type Decision, type UseCaseContext } from '@carelink/contracts';
import type { LedgerEntry } from './allocation-ledger';
import type { StatementFunding } from './fund-statement';

/**
 * The county-year's funding reservations: what keeps two approvals at once from together passing the
 * purchased-services cap (or drawing one budget twice). FerretDB has no multi-document transactions, and the
 * ledger is stored with each approved statement, so the facts an approval decides on (the ledger) and what it
 * writes (its own statement) are different documents. One small document per county and budget year is the
 * point every approval of that county-year goes through, with the commit port's version check:
 *
 * 1. **Reserve.** The approval reads this document, *then* the ledger of the approved statements, funds its
 *    statement (allocation and cap) on the ledger plus the entries of the reservations still in flight, and
 *    writes its reservation (its ledger entries, keyed by statement id) with a check on the version read. Losing
 *    that check (another approval reserved or settled meanwhile) reads both again and decides again, so a
 *    refusal names the use that includes the other approval.
 * 2. **Commit.** The statement is approved with exactly the reserved entries, only while the reservation still
 *    stands (`assertReservationHeld`).
 * 3. **Settle.** The reservation leaves the document, on success and on failure alike (`withdrawReservation`,
 *    by its token). An approval that settled had committed its statement first, so any approval that reads
 *    this document after the settlement reads a ledger that holds it.
 *
 * The rule for what counts: a reservation counts toward the county-year's use while it is in flight, i.e. until
 * its statement is among the approved statements read (then the ledger counts it, once) or until it is
 * `RESERVATION_STALE_MS` old (a crash between the reservation and the settlement: the statement either committed
 * within that time, and the ledger counts it, or never will). Stale and approved reservations are dropped by the
 * next reservation of the county-year. An approval commits only within half that time of reserving, so a
 * reservation is never dropped as stale while its statement may still commit. A retry of an approval replaces its
 * statement's reservation (keyed by statement id): nothing counts twice.
 *
 * Within a process the commit port's document lock already runs the reservations of a county-year in turn (on
 * FerretDB v1, whose updates are not compare-and-set, that lock is the guard, as for every update: one process per
 * service); the version check is what holds across replicas on MongoDB.
 *
 * The guard is the statement's own county-year; a reversal's entries of an earlier year only give money back to
 * that year, which cannot pass its cap.
 */
export interface FundingReservation {
  statementId: string;
  /** Which attempt reserved it: only that attempt settles it or commits with it. */
  token: string;
  /** ISO instant of the reservation. */
  reservedAt: string;
  /** The ledger entries the approval will store with its statement. */
  entries: LedgerEntry[];
}

export interface CountyYearReservations {
  /** `<county>|<year>` */
  countyYear: string;
  county: string;
  year: number;
  reservations: FundingReservation[];
}

/** How long a reservation counts without its statement approved: far beyond an approval's few store round trips. */
export const RESERVATION_STALE_MS = 120_000;
/** An approval commits only within this time of reserving (so a reservation in use is never dropped as stale). */
export const RESERVATION_COMMIT_WITHIN_MS = RESERVATION_STALE_MS / 2;

export const countyYearIdOf = (county: string, year: number) => `${county}|${year}`;

const ageOf = (r: FundingReservation, now: Date) => now.getTime() - Date.parse(r.reservedAt);

/** The reservations that still count: not this statement's own, not approved (in the ledger), not stale. */
export function reservationsInFlight(
  current: CountyYearReservations | undefined,
  approvedIds: ReadonlySet<string>,
  now: Date,
  except?: string,
): FundingReservation[] {
  return (current?.reservations ?? []).filter(
    (r) => r.statementId !== except && !approvedIds.has(r.statementId) && ageOf(r, now) < RESERVATION_STALE_MS,
  );
}

export interface ReserveFunding {
  county: string;
  year: number;
  statementId: string;
  /** The county-year's ledger: the entries of the approved statements, as read after this document. */
  ledger: readonly LedgerEntry[];
  /** The statements of that ledger (whose reservations, if any, it already counts). */
  approvedIds: ReadonlySet<string>;
  /** Funds the statement on a ledger (`fundStatement`): refuses (throws) or gives the entries and the cap. */
  fund: (ledger: readonly LedgerEntry[]) => StatementFunding;
}

export interface Reserved {
  reservation: FundingReservation;
  cap: StatementFunding['cap'];
}

/**
 * Reserves a statement's funding in its county-year: funded on the ledger plus the reservations in flight
 * (refused as `fund` refuses, writing nothing), then stored with those reservations only (stale and approved
 * ones dropped, an earlier attempt's for the same statement replaced).
 */
export function reserveFunding(
  current: CountyYearReservations | undefined,
  request: ReserveFunding,
  ctx: Pick<UseCaseContext, 'now' | 'newId'>,
): Decision<CountyYearReservations, Reserved> {
  const { county, year, statementId } = request;
  const inFlight = reservationsInFlight(current, request.approvedIds, ctx.now, statementId);
  const reservedEntries = inFlight
    .flatMap((r) => r.entries)
    .filter((e) => e.county === county && e.budgetYear === year);
  const funding = request.fund([...request.ledger, ...reservedEntries]);
  const reservation: FundingReservation = {
    statementId,
    token: ctx.newId(),
    reservedAt: ctx.now.toISOString(),
    entries: funding.entries,
  };
  return {
    state: { countyYear: countyYearIdOf(county, year), county, year, reservations: [...inFlight, reservation] },
    result: { reservation, cap: funding.cap },
  };
}

/** Takes an attempt's reservation out (settled after the commit, released after a failure); else changes nothing. */
export function withdrawReservation(
  current: CountyYearReservations | undefined,
  statementId: string,
  token: string,
): Decision<CountyYearReservations> {
  if (!current?.reservations.some((r) => r.statementId === statementId && r.token === token)) return {};
  return {
    state: {
      ...current,
      reservations: current.reservations.filter((r) => !(r.statementId === statementId && r.token === token)),
    },
  };
}

/**
 * Before the statement is approved: its reservation is still this attempt's and young enough that no other
 * approval has dropped it or will drop it as stale. Else 409: another attempt took over, or this one took too
 * long; approving again reserves afresh.
 */
export function assertReservationHeld(
  current: CountyYearReservations | undefined,
  statementId: string,
  token: string,
  now: Date,
): void {
  const held = current?.reservations.find((r) => r.statementId === statementId && r.token === token);
  if (!held || ageOf(held, now) >= RESERVATION_COMMIT_WITHIN_MS)
    throw DomainError.conflict(
      'funding_reservation_lost',
      'the funding reserved for this approval is no longer held (another approval of the statement took over, or this one took too long); approve again',
      '本次审批预留的资金已失效（该结算单正由另一次审批处理，或本次审批耗时过长），请重新审批',
    );
}
