import { createLogger, ServiceMetrics } from '@carelink/telemetry';
import { ServiceApp } from './service-app';

/**
 * The OpenAPI document (`/openapi.json`) of the routes `declare` puts on an app, built without a server: nothing
 * listens, no handler runs, and the app it builds refuses any request that would need a key or an audit sink.
 * `scripts` write each service's document to a file with it.
 */
export function describeRoutes(
  service: string,
  declare: (app: ServiceApp) => void,
  version?: string,
): Record<string, unknown> {
  const app = new ServiceApp({
    service,
    ...(version ? { version } : {}),
    logger: createLogger(service, 'silent'),
    metrics: new ServiceMetrics(service),
    // A key set with no key: no token verifies.
    staffKeys: JSON.stringify({ keys: [] }),
    readiness: {},
    audit: {
      record: () => Promise.reject(new Error(`${service}: an app built to describe its routes audits nothing`)),
    },
  });
  declare(app);
  return app.openApi();
}

/**
 * Stands in for the dependencies of a route declaration while only its document is built (the handlers that
 * would use them never run). Reading a property gives another stand-in, so a declaration may destructure and
 * hand dependencies on; using one (calling it, constructing with it, turning it into a value) throws, naming
 * it. `known` gives the properties that must hold real values at declaration time.
 */
export function unavailable<T>(what: string, known: Partial<T> = {}): T {
  const refuse = (): never => {
    throw new Error(`${what} is not available: only the routes' document is being built`);
  };
  return new Proxy(refuse, {
    get: (_target, property) => {
      if (typeof property === 'symbol') return undefined;
      if (Object.hasOwn(known, property)) return known[property as keyof T];
      // Not a promise: `await deps` gives the stand-in itself.
      if (property === 'then') return undefined;
      return unavailable(`${what}.${property}`);
    },
    has: (_target, property) => Object.hasOwn(known, property),
    apply: refuse,
    construct: refuse,
  }) as unknown as T;
}
