import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A service's OpenAPI document as committed under `docs/openapi/` (what it serves at `/openapi.json`). */
type OpenApiDocument = {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, unknown> };
};
interface OpenApiOperation {
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** What one real exchange was: the route as declared (`/cases/{caseId}`), what was sent and what came back. */
export interface Exchange {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The path as the document names it, e.g. `/cases/{caseId}/decisions`. */
  route: string;
  requestBody?: unknown;
  status: number;
  contentType: string | null;
  body: unknown;
}

/**
 * Holds real answers of a service to its generated OpenAPI document (`docs/openapi/<service>.json`), with the
 * JSON Schema 2020-12 validator OpenAPI 3.1 uses: the route is in the document, the status is one it declares
 * (a 4xx under `4XX`), a problem answer is `application/problem+json` and fits the Problem schema, and a JSON
 * body sent fits the route's request schema exactly when the service did not refuse it as `invalid_request`. `violations` says what does not, in words, empty when all fits.
 */
export class OpenApiConformance {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });

  constructor(private readonly document: OpenApiDocument) {}

  /** The committed document of a service of this repository. */
  static of(service: string, repo = join(__dirname, '../../..')): OpenApiConformance {
    return new OpenApiConformance(
      JSON.parse(readFileSync(join(repo, 'docs/openapi', `${service}.json`), 'utf8')) as OpenApiDocument,
    );
  }

  violations(exchange: Exchange): string[] {
    const at = `${exchange.method.toUpperCase()} ${exchange.route} → ${exchange.status}`;
    const operation = this.document.paths[exchange.route]?.[exchange.method];
    if (!operation) return [`${at}: the route is not in the document`];
    const found: string[] = [];
    const sent = operation.requestBody?.content?.['application/json']?.schema;
    if (exchange.requestBody !== undefined && sent) {
      const bodyProblems = this.check(sent, exchange.requestBody);
      // A body the service refused as malformed is one the document refuses too, and only such a body.
      const refusedAsInvalid = (exchange.body as { code?: unknown } | undefined)?.code === 'invalid_request';
      if (refusedAsInvalid && bodyProblems.length === 0)
        found.push(`${at}: refused as invalid_request a body the document accepts`);
      if (!refusedAsInvalid) found.push(...bodyProblems.map((e) => `${at}: the request body ${e}`));
    }
    const declared =
      operation.responses[String(exchange.status)] ??
      (exchange.status >= 400 && exchange.status < 500 ? operation.responses['4XX'] : undefined);
    if (!declared) {
      found.push(`${at}: the status is not declared (${Object.keys(operation.responses).join(', ')})`);
      return found;
    }
    const [mediaType, media] = Object.entries(declared.content ?? {})[0] ?? [];
    if (!mediaType || !media?.schema) return found;
    if (!exchange.contentType?.startsWith(mediaType))
      found.push(`${at}: answered ${exchange.contentType ?? 'no content type'}, declared ${mediaType}`);
    found.push(...this.check(media.schema, exchange.body).map((e) => `${at}: the answer ${e}`));
    return found;
  }

  /** `fetch`es and describes the exchange, for `violations`. */
  static async exchange(
    route: Pick<Exchange, 'method' | 'route'>,
    response: Response,
    requestBody?: unknown,
  ): Promise<Exchange> {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: checked as text
    }
    return {
      ...route,
      ...(requestBody !== undefined ? { requestBody } : {}),
      status: response.status,
      contentType: response.headers.get('content-type'),
      body,
    };
  }

  private check(schema: unknown, value: unknown): string[] {
    // `#/components/schemas/…` resolves within the schema compiled: the document's components go along.
    const validate = this.ajv.compile({ ...(schema as object), components: this.document.components ?? {} });
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      (e: ErrorObject) => `${e.instancePath || '(root)'} ${e.message ?? 'is not valid'}`,
    );
  }
}
