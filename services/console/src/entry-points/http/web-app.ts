import type { ServiceApp } from '@carelink/http';
import express, { type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';

/**
 * What the browser app may load: its own scripts and styles (Ant Design writes style elements, hence inline
 * styles), images, audio and frames of its own origin or made in the page (blob: for attachments and recordings
 * fetched through the API), nothing from elsewhere; it is never framed.
 */
const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "frame-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const BEHIND_THE_GATE = /^\/(api|console)(\/|$)/;
const PROBES = new Set(['/healthz', '/readyz', '/metrics', '/openapi.json']);

function notBuilt(req: Request, res: Response, dist: string): void {
  const message =
    `The console's web app is not built (${join(dist, 'index.html')} is missing). ` +
    'Build it with: npm run build -w @carelink/console (or: cd services/console && npx vite build web).';
  const messageZh = '工作台网页尚未构建，请先运行 npm run build -w @carelink/console';
  res.status(503).setHeader('retry-after', '30');
  if (req.accepts(['html', 'json']) === 'html')
    res
      .type('html')
      .send(
        `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>工作台尚未构建</title>` +
          `<p>${messageZh}</p><p>${message}</p></html>`,
      );
  else
    res.type('application/problem+json').json({
      type: 'urn:carelink:problem:web_app_not_built',
      title: 'web app not built',
      status: 503,
      code: 'web_app_not_built',
      detail: message,
      detailZh: messageZh,
    });
}

/**
 * Serves the browser app built into `dist` (`vite build web`): its files (hashed assets cached for a year, the
 * page itself never), and for every other GET outside `/api` and `/console` the page again, so client-side routes
 * load (a missing file with an extension is a 404, not the page). Without a build: 503 saying how to build it.
 */
export function webAppRoutes(app: ServiceApp, dist: string): void {
  const index = join(dist, 'index.html');
  const files = express.static(dist, {
    index: false,
    fallthrough: true,
    setHeaders: (res, path) => {
      res.setHeader('content-security-policy', WEB_CSP);
      res.setHeader(
        'cache-control',
        path.includes(`${join(dist, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.express.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || BEHIND_THE_GATE.test(req.path) || PROBES.has(req.path))
      return next();
    if (!existsSync(index)) return notBuilt(req, res, dist);
    files(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (extname(req.path) !== '') return next();
      res.setHeader('content-security-policy', WEB_CSP);
      res.setHeader('cache-control', 'no-cache');
      // Relative to `root`: an absolute path would be refused when the build lies under a dot-folder (.data).
      res.sendFile('index.html', { root: dist }, (sendErr) => sendErr && next(sendErr));
    });
  });
}
