import { generateTokenKeys, issueAdapterToken, issueStaffToken, publicKeysOf } from '@carelink/auth';
import { createLogger, ServiceMetrics } from '@carelink/telemetry';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { sendStoredFile } from '../src/downloads';
import { listen, ServiceApp } from '../src/service-app';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A real HTTP server with an adapter's route and a download, as a service declares them. */
describe('the HTTP edge', () => {
  let server: Server;
  const url = (path: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  let staffKey: string;
  let ivrKey: string;
  beforeAll(async () => {
    const [staff, ivr] = await Promise.all([generateTokenKeys('staff-test'), generateTokenKeys('ivr-test')]);
    staffKey = staff.signingKey;
    ivrKey = ivr.signingKey;
    const app = new ServiceApp({
      service: 'edge-test',
      logger: createLogger('edge-test', 'silent'),
      metrics: new ServiceMetrics('edge-test'),
      staffKeys: staff.publicKeys,
      adapterKeys: publicKeysOf(ivr.signingKey),
      readiness: {},
    });
    app.route({
      method: 'post',
      path: '/requests',
      summary: 'files for a channel',
      roles: ['channel_adapter', 'township_caseworker'],
      body: z.object({ channel: z.string() }),
      handle: async ({ body }) => body,
    });
    app.route({
      method: 'get',
      path: '/files/:id',
      summary: 'a stored upload',
      roles: ['township_caseworker'],
      handle: async ({ res }) => {
        sendStoredFile(res, { bytes: png, contentType: 'image/png', name: 'id_card-1' });
        return undefined;
      },
    });
    server = await listen(app.seal(), 0);
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const post = async (token: string, channel: string) =>
    fetch(url('/requests'), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel }),
    });

  it('lets an adapter file for its own channel only', async () => {
    const ivr = await issueAdapterToken(
      { sub: 'ivr-adapter', region: 'chizhou', jurisdiction: '3417', channel: 'ivr' },
      ivrKey,
    );
    expect((await post(ivr, 'ivr')).status).toBe(201);
    const other = await post(ivr, 'window');
    expect(other.status).toBe(403);
    expect(((await other.json()) as { code: string }).code).toBe('channel_mismatch');
    const clerk = await issueStaffToken(
      { sub: 'clerk', role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702001' },
      staffKey,
    );
    expect((await post(clerk, 'window')).status).toBe(201);
  });

  it('serves a stored upload as an attachment of its stored type, not to be sniffed or kept', async () => {
    const clerk = await issueStaffToken(
      { sub: 'clerk', role: 'township_caseworker', region: 'chizhou', jurisdiction: '341702001' },
      staffKey,
    );
    const res = await fetch(url('/files/1'), { headers: { authorization: `Bearer ${clerk}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename=id_card-1.png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
  });
});
