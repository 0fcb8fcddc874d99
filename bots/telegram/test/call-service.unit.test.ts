import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DomainError } from '@carelink/contracts';
import { callService } from '../src/data-access/intake-client';
import { ServiceUnavailable } from '../src/domain/service-calls';

/** How the bot reads the services' answers: a local HTTP server plays intake (no platform servers). */
describe('calling a service', () => {
  let server: Server;
  let base = '';
  const answers: Record<string, { status: number; type: string; body: string }> = {
    '/gateway': { status: 502, type: 'text/html', body: '<html><body>502 Bad Gateway</body></html>' },
    '/problem': {
      status: 422,
      type: 'application/problem+json',
      body: JSON.stringify({
        type: 'about:blank',
        title: 'Unprocessable Entity',
        status: 422,
        code: 'invalid_id_number',
        detail: 'the ID number check character does not match',
        detailZh: '身份证号码校验不通过',
      }),
    },
    '/proxy-page': { status: 404, type: 'text/html', body: '<html>not here</html>' },
    '/ok': { status: 200, type: 'application/json', body: '{"caseNumber":"CZ341702-2026-000001"}' },
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const a = answers[req.url ?? ''] ?? answers['/gateway']!;
      res.writeHead(a.status, { 'content-type': a.type }).end(a.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const outcome = (path: string) =>
    callService(`${base}${path}`, { method: 'GET', token: 't' }).then(
      (r) => r,
      (err: unknown) => err,
    );

  it('takes a 5xx page that is not JSON as unavailable (so the bot retries), not as a crash', async () => {
    expect(await outcome('/gateway')).toBeInstanceOf(ServiceUnavailable);
  });

  it('tells the resident the problem’s Chinese detail on a refusal', async () => {
    const refused = await outcome('/problem');
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({
      kind: 'unprocessable',
      code: 'invalid_id_number',
      messageZh: '身份证号码校验不通过',
      details: [{ code: 'invalid_id_number', status: 422 }],
    });
  });

  it('takes an answer that is not JSON as unavailable', async () => {
    expect(await outcome('/proxy-page')).toBeInstanceOf(ServiceUnavailable);
  });

  it('returns the body of a success', async () => {
    expect(await outcome('/ok')).toEqual({ status: 200, body: { caseNumber: 'CZ341702-2026-000001' } });
  });
});
