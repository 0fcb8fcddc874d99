import { describeRoutes, unavailable, type ServiceApp } from '@carelink/http';
import type { AuditTrail } from '@carelink/store';
import { auditTrailRoute } from './audit-trail-route';

/**
 * The OpenAPI document a service started by `startService` serves at `/openapi.json`, built without a server:
 * its own routes (`declare`, given stand-ins for their dependencies) and the routes the host adds to every
 * service. `name` is the definition's.
 */
export function describeService(name: string, declare: (app: ServiceApp) => void): Record<string, unknown> {
  return describeRoutes(name, (app) => {
    declare(app);
    auditTrailRoute(app, unavailable<AuditTrail>(`${name}'s audit trail`));
  });
}
