import { ApiError } from '../../api/problem';

/** The figures (integer fen) settlement gives with `purchased_services_cap_exceeded`, under `errors[0]`. */
export interface CapFigures {
  capFen: number;
  usedFen: number;
  thisStatementFen: number;
  overByFen: number;
}

/**
 * Why the county could not approve a statement, kept on the sheet until the next attempt: the service's machine
 * code and its message (in the UI's language), and for the purchased-services cap its figures.
 */
export interface ApprovalRefusal {
  code: string;
  message: string;
  cap?: CapFigures;
}

export const CAP_EXCEEDED = 'purchased_services_cap_exceeded';

const FIGURES = ['capFen', 'usedFen', 'thisStatementFen', 'overByFen'] as const;

/** The cap figures of a refusal's `errors`, when every one is a whole number of fen. */
function capFiguresOf(errors: unknown): CapFigures | undefined {
  if (!Array.isArray(errors)) return undefined;
  const detail = errors.find(
    (e): e is Record<string, unknown> => typeof e === 'object' && e !== null && e.code === CAP_EXCEEDED,
  );
  if (!detail || !FIGURES.every((k) => Number.isSafeInteger(detail[k]))) return undefined;
  const [capFen, usedFen, thisStatementFen, overByFen] = FIGURES.map((k) => detail[k] as number) as [
    number,
    number,
    number,
    number,
  ];
  return { capFen, usedFen, thisStatementFen, overByFen };
}

/**
 * An approval's failure as a refusal to keep on screen: a 4xx answer of the service (the cap, `statement_unfunded`,
 * `no_funding_year`, a state changed meanwhile …) — not 401, which ends the session, and not a network failure or
 * a 5xx, which are passing troubles for a toast.
 */
export function approvalRefusalOf(err: unknown): ApprovalRefusal | undefined {
  if (!(err instanceof ApiError) || err.status < 400 || err.status >= 500 || err.status === 401) return undefined;
  const cap = err.code === CAP_EXCEEDED ? capFiguresOf(err.problem.errors) : undefined;
  return { code: err.code, message: err.message, ...(cap ? { cap } : {}) };
}
