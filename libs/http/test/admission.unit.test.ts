import { generateTokenKeys } from '@carelink/auth';
import { createLogger, ServiceMetrics } from '@carelink/telemetry';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listen, ServiceApp } from '../src/service-app';

/** A real HTTP server whose one route waits until the test lets it finish. */
async function serverWith(limits: { maxInFlight: number; maxQueued: number; maxWaitMs: number }) {
  const gates: (() => void)[] = [];
  const app = new ServiceApp({
    service: 'admission-test',
    logger: createLogger('admission-test', 'silent'),
    metrics: new ServiceMetrics('admission-test'),
    staffKeys: (await generateTokenKeys('staff-test')).publicKeys,
    readiness: {},
    admission: limits,
    isTransient: (err) => (err as Error).name === 'MongoWaitQueueTimeoutError',
  });
  app.route({
    method: 'get',
    path: '/slow',
    summary: 'waits for the test',
    handle: () => new Promise((resolve) => gates.push(() => resolve({ ok: true }))),
  });
  app.route({
    method: 'get',
    path: '/busy-store',
    summary: 'fails as a busy store does',
    handle: async () => {
      throw Object.assign(new Error('timed out waiting for a connection'), { name: 'MongoWaitQueueTimeoutError' });
    },
  });
  const server = await listen(app.seal(), 0);
  // Express is the server's first 'request' listener and runs admission, its first middleware, at once;
  // so a request this later listener has seen has been let in, put in line or turned away.
  let arrived = 0;
  server.on('request', () => void arrived++);
  const url = (path: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise((r) => setTimeout(r, 5));
  };
  const started = (count: number) => until(() => gates.length >= count);
  const atTheDoor = (count: number) => until(() => arrived >= count);
  return { server, url, gates, started, atTheDoor };
}

describe('back-pressure at the door', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
  });

  it('holds requests beyond the in-flight limit in line, then turns away what does not fit with 503 and Retry-After', async () => {
    const s = await serverWith({ maxInFlight: 2, maxQueued: 1, maxWaitMs: 10_000 });
    server = s.server;
    const inFlight = [fetch(s.url('/slow')), fetch(s.url('/slow'))];
    await s.started(2);
    const queued = fetch(s.url('/slow'));
    await s.atTheDoor(3); // the third is in line
    const refused = await fetch(s.url('/slow'));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ code: 'overloaded', detailZh: '系统繁忙，请稍后再试' });
    // Probes are never held.
    expect((await fetch(s.url('/healthz'))).status).toBe(200);
    s.gates.shift()!();
    expect((await inFlight[0]!).status).toBe(200);
    await s.started(2); // the queued one got the freed place
    s.gates.splice(0).forEach((open) => open());
    expect((await queued).status).toBe(200);
    expect((await inFlight[1]!).status).toBe(200);
  });

  it('turns a request away when it waited in line too long', async () => {
    const s = await serverWith({ maxInFlight: 1, maxQueued: 10, maxWaitMs: 100 });
    server = s.server;
    const first = fetch(s.url('/slow'));
    await s.started(1);
    const t0 = Date.now();
    const waited = await fetch(s.url('/slow'));
    expect(waited.status).toBe(503);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
    s.gates.shift()!();
    expect((await first).status).toBe(200);
    // The place is free again.
    const next = fetch(s.url('/slow'));
    await s.started(1);
    s.gates.shift()!();
    expect((await next).status).toBe(200);
  });

  it('answers a busy store with 503 store_unavailable and Retry-After, not 500', async () => {
    const s = await serverWith({ maxInFlight: 4, maxQueued: 4, maxWaitMs: 1000 });
    server = s.server;
    const res = await fetch(s.url('/busy-store'));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(((await res.json()) as { code: string }).code).toBe('store_unavailable');
  });
});
