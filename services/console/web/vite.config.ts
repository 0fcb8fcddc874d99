import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';

/**
 * The staff console's browser app. `vite build services/console/web` (or `vite build web` from the package)
 * writes web/dist, which the BFF serves; `vite services/console/web` serves it in development with /api and
 * /console proxied to the BFF on 127.0.0.1:4300 (same origin, so the session cookie and CSRF header work).
 */
const root = fileURLToPath(new URL('.', import.meta.url));
const bff = process.env.CONSOLE_BFF_URL ?? 'http://127.0.0.1:4300';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
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
      output: {
        // The framework and Ant Design change rarely: their own chunks stay cached across releases of the
        // pages; ECharts is only in the chunks of the pages that draw charts (imported there, lazily).
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/ },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|rc-[^\\/]+|@rc-component)[\\/]/ },
            { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/ },
          ],
        },
      },
    },
  },
});
