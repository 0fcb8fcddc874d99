import { z } from 'zod';
import { describeRoutes, unavailable } from '../src/describe-routes';
import type { ServiceApp } from '../src/service-app';

interface Deps {
  statements: { of(providerId: string): Promise<unknown> };
  region: string;
  secret?: string;
}

/** A route declaration as services write them: dependencies are used by the handler only. */
function statementRoutes(app: ServiceApp, deps: Deps) {
  const { statements } = deps;
  if (deps.secret) app.express.post('/hook', (_req, res) => void res.end());
  app.route({
    method: 'get',
    path: '/statements/:providerId',
    summary: 'A statement',
    roles: ['county_officer'],
    reads: { resource: 'audit_trail', list: true },
    query: z.object({ month: z.string() }),
    handle: async ({ req }) => statements.of(String(req.params.providerId)),
  });
}

describe('describing routes without a server', () => {
  it('gives the document of the declared routes', () => {
    const document = describeRoutes('billing', (app) => statementRoutes(app, unavailable<Deps>('billing routes')));
    expect(document.info).toEqual({ title: 'carelink billing', version: '1.0.0' });
    const get = (document.paths as Record<string, Record<string, Record<string, unknown>>>)['/statements/{providerId}']!
      .get!;
    expect(get['x-roles']).toEqual(['county_officer']);
    expect((get.parameters as { name: string }[]).map((p) => p.name)).toEqual(['providerId', 'month']);
  });

  it('gives stand-ins that refuse to be used, naming what was used', () => {
    const deps = unavailable<Deps>('billing routes', { secret: undefined });
    expect(deps.secret).toBeUndefined();
    expect(() => deps.statements.of('p-1')).toThrow('billing routes.statements.of is not available');
    expect(() => `${deps.region}`).toThrow('billing routes.region');
  });
});
