import type { ServiceApp } from '@carelink/http';
import { firstDataOf, preloadLinks } from './first-data';
import type { PageBoot } from './page-boot';
import express, { type Request, type Response } from 'express';
import { existsSync, readFileSync, statSync } from 'node:fs';
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

/** The id of the page's data block the app starts from (web/src/boot/page-boot.ts reads it). */
export const BOOT_ELEMENT_ID = 'console-boot';

/**
 * The page with `boot` in a JSON data block (a data block is not run, so the CSP allows it) before the first script
 * of its head, or at the head's end: the page's first script is `async` and may run as soon as its tag is read, and
 * reads the block (web/src/boot/page-boot.ts). Before the block, the preload links of the page's first data
 * (first-data.ts), the first requests the browser makes. Every `<` is written `\u003c`: no name or token in the data can close
 * the element or open another.
 */
export function pageWithBoot(page: string, boot: PageBoot, preloads: readonly string[] = []): string {
  const json = JSON.stringify(boot).replace(/</g, '\\u003c');
  const block = preloadLinks(preloads) + `<script type="application/json" id="${BOOT_ELEMENT_ID}">${json}</script>`;
  const headEnd = page.indexOf('</head>');
  const firstScript = page.indexOf('<script');
  const at = firstScript >= 0 && (headEnd < 0 || firstScript < headEnd) ? firstScript : headEnd;
  return at < 0 ? block + page : page.slice(0, at) + block + page.slice(at);
}

/** index.html of the build, read again only when the build was replaced. */
function builtPage(index: string): () => string {
  let kept: { mtimeMs: number; text: string } | undefined;
  return () => {
    const { mtimeMs } = statSync(index);
    if (kept?.mtimeMs !== mtimeMs) kept = { mtimeMs, text: readFileSync(index, 'utf8') };
    return kept.text;
  };
}

/**
 * Serves the browser app built into `dist` (`vite build web`): its files (hashed assets cached for a year, the
 * page itself never), and for every other GET outside `/api` and `/console` the page again, so client-side routes
 * load (a missing file with an extension is a 404, not the page). With `boot`, the page carries the session it is
 * opened in and its directory (pageWithBoot) and preloads its first data (first-data.ts), and is then never stored
 * by any cache. Without a build: 503 saying
 * how to build it.
 */
export function webAppRoutes(
  app: ServiceApp,
  dist: string,
  boot?: (req: Request, res: Response) => Promise<PageBoot>,
): void {
  const index = join(dist, 'index.html');
  const page = builtPage(index);
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
  const sendPage = async (req: Request, res: Response) => {
    let html = page();
    if (boot) {
      const opened = await boot(req, res);
      const query = new URL(req.originalUrl, 'http://page').searchParams;
      html = pageWithBoot(html, opened, firstDataOf(req.path, query, opened.session?.account.role));
    }
    res.setHeader('content-security-policy', WEB_CSP);
    res.setHeader('cache-control', boot ? 'no-store' : 'no-cache');
    res.type('html').send(html);
  };
  app.express.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || BEHIND_THE_GATE.test(req.path) || PROBES.has(req.path))
      return next();
    if (!existsSync(index)) return notBuilt(req, res, dist);
    files(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (extname(req.path) !== '') return next();
      sendPage(req, res).catch(next);
    });
  });
}
