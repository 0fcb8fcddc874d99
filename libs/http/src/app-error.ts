import { DomainError, type DomainErrorKind, type ProblemItem } from '@carelink/contracts';

/** The HTTP status of each kind of domain refusal. */
export const statusOfKind: Record<DomainErrorKind, number> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
};

/**
 * An error of the HTTP edge (authentication, body limits, back-pressure), and what a `DomainError`
 * becomes there. `code` is machine-readable; `message` is for a clerk (English),
 * `messageZh` for residents and Chinese-speaking staff. Catastrophic errors stop the process.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly options: {
      messageZh?: string;
      /** Sent as the Problem's `errors`: always a list, one entry per thing wrong. */
      details?: readonly ProblemItem[];
      catastrophic?: boolean;
      cause?: unknown;
      /** Sent as Retry-After (503 and 429). */
      retryAfterSeconds?: number;
      /** Extension members of the Problem (RFC 9457 §3.2), e.g. the tries left after a wrong code. */
      extensions?: Record<string, string | number | boolean>;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
  }

  get messageZh(): string | undefined {
    return this.options.messageZh;
  }

  static fromDomain(err: DomainError): AppError {
    return new AppError(err.code, statusOfKind[err.kind], err.message, {
      messageZh: err.messageZh,
      details: err.details,
      cause: err,
    });
  }

  static badRequest(code: string, message: string, messageZh?: string, details?: readonly ProblemItem[]) {
    return new AppError(code, 400, message, { messageZh, details });
  }
  static notFound(what: string, whatZh: string) {
    return new AppError('not_found', 404, `${what} was not found`, { messageZh: `未找到${whatZh}` });
  }
  static conflict(code: string, message: string, messageZh?: string, details?: readonly ProblemItem[]) {
    return new AppError(code, 409, message, { messageZh, details });
  }
  static forbidden(code: string, message: string, messageZh?: string) {
    return new AppError(code, 403, message, { messageZh });
  }
  static unprocessable(code: string, message: string, messageZh?: string, details?: readonly ProblemItem[]) {
    return new AppError(code, 422, message, { messageZh, details });
  }
}
