/**
 * A service the bot calls (intake, complaints) is unreachable or failing (network, 5xx, 429, an answer that
 * is not JSON): try again later. A refusal (4xx: the service said no to what was sent) comes as a
 * `DomainError` instead, with the service's words for residents in `messageZh`; retrying it cannot help.
 */
export class ServiceUnavailable extends Error {
  constructor(
    message: string,
    /** The HTTP status the service answered, when it answered (429: asked too often; 5xx). */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ServiceUnavailable';
  }
}
