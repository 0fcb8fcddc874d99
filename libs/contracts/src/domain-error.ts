/**
 * One thing wrong with a refused request, as a Problem Details answer lists them under `errors` (always a list):
 * where (`path`: a field, `itemCode`: a service item), what (`code`, a machine-readable word) and the clerk's
 * words (`message`), with whatever else tells it (the rules that failed, the documents missing …).
 */
export interface ProblemItem {
  path?: string;
  code?: string;
  message?: string;
  [detail: string]: unknown;
}

/**
 * A rule of the domain said no: bad input, a record that does not exist, a state that does not allow the
 * step, a caller outside their jurisdiction. Thrown by domain code, which knows nothing of HTTP or Kafka;
 * the edges map it: the HTTP edge to a problem response (`invalid` → 400, `not_found` → 404,
 * `forbidden` → 403, `conflict` → 409, `unprocessable` → 422), a Kafka consumer to a dead letter at
 * once (retrying a refusal cannot change the answer).
 *
 * `code` is machine-readable; `message` is for a clerk (English); `messageZh` for residents and
 * Chinese-speaking staff.
 */
export type DomainErrorKind = 'invalid' | 'not_found' | 'forbidden' | 'conflict' | 'unprocessable';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly options: { messageZh?: string; details?: readonly ProblemItem[]; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'DomainError';
  }

  get messageZh(): string | undefined {
    return this.options.messageZh;
  }

  get details(): readonly ProblemItem[] | undefined {
    return this.options.details;
  }

  /** The input breaks a rule (a bad ID number, an item not in the catalogue …). */
  static invalid(code: string, message: string, messageZh?: string, details?: readonly ProblemItem[]): DomainError {
    return new DomainError('invalid', code, message, { messageZh, details });
  }
  static notFound(what: string, whatZh: string): DomainError {
    return new DomainError('not_found', 'not_found', `${what} was not found`, { messageZh: `未找到${whatZh}` });
  }
  /** The record's state does not allow this step now (already decided, not yet accepted …). */
  static conflict(code: string, message: string, messageZh?: string, details?: readonly ProblemItem[]): DomainError {
    return new DomainError('conflict', code, message, { messageZh, details });
  }
  static forbidden(code: string, message: string, messageZh?: string): DomainError {
    return new DomainError('forbidden', code, message, { messageZh });
  }
  /** Well-formed, but cannot be acted on (a key reused for another person …). */
  static unprocessable(
    code: string,
    message: string,
    messageZh?: string,
    details?: readonly ProblemItem[],
  ): DomainError {
    return new DomainError('unprocessable', code, message, { messageZh, details });
  }
}
