import { DomainError } from '@carelink/contracts';

const describeError = (e: unknown) =>
  e instanceof DomainError ? `${e.kind} ${e.code}` : `not a DomainError: ${String(e)}`;

/**
 * How a domain rule said no: the DomainError's kind and code (`conflict invalid_transition`); the HTTP edge
 * maps the kind to 400/403/404/409/422. 'no error' when `f` went through.
 */
export function refusalOf(f: () => unknown): string {
  try {
    f();
    return 'no error';
  } catch (e) {
    return describeError(e);
  }
}

/** The same for a use case that answers a promise. */
export function refusalOfAsync(p: Promise<unknown>): Promise<string> {
  return p.then(() => 'no error', describeError);
}
