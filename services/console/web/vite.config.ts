import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

/**
 * The staff console's browser app. `vite build services/console/web` (or `vite build web` from the package)
 * writes web/dist, which the BFF serves; `vite services/console/web` serves it in development with /api and
 * /console proxied to the BFF on 127.0.0.1:4300 (same origin, so the session cookie and CSRF header work).
 */
const root = fileURLToPath(new URL('.', import.meta.url));
const bff = process.env.CONSOLE_BFF_URL ?? 'http://127.0.0.1:4300';

/**
 * The page's first script, src/boot/start.ts, built as an entry of its own and written into the built page before
 * the app's, `async`: small and without React, it runs as soon as it is loaded (from the browser's cache, at once),
 * neither after the page is parsed nor after Ant Design's stylesheet is (a deferred script, as module scripts are
 * without `async`, waits for both), and starts the opened page's first data while the app's code is still being
 * evaluated. A script of index.html would instead be joined to the app's entry and run after it. Not in development:
 * the Vite server's page carries no session to start from.
 */
function bootEntry(): Plugin {
  return {
    name: 'carelink-console-boot-entry',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const boot = Object.values(ctx.bundle ?? {}).find(
          (out) => out.type === 'chunk' && out.isEntry && out.name === 'boot',
        );
        if (!boot) throw new Error('the boot entry (src/boot/start.ts) was not built');
        return [
          {
            tag: 'script',
            attrs: { type: 'module', async: true, crossorigin: true, src: `/${boot.fileName}` },
            injectTo: 'head-prepend',
          },
        ];
      },
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [react(), bootEntry()],
  // The project's own libraries as TypeScript sources (their "source" export, as jest and tsx read them): what the
  // screens share with the services (the GB 11643 ID-number check) needs no build of the library first.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: bff, changeOrigin: false },
      '/console': { target: bff, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        boot: fileURLToPath(new URL('src/boot/start.ts', import.meta.url)),
      },
      output: {
        // The framework changes rarely: its own chunks stay cached across releases of the pages. Ant Design is not
        // one chunk: split by the pages that use its components (as ECharts is only in the chunks of the pages that
        // draw charts, imported there lazily), the frame and the opened page run only the parts they use (one chunk
        // of all of it, 1.2 MB, was run before any page could render).
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/ },
            { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/ },
          ],
        },
      },
    },
  },
});
