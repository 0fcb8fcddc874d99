import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConsoleApp, firstDataCached } from './app';
import { preloadPageAt } from './routes';
// Ant Design's styles, prebuilt (see Themed in app.tsx), before the console's own, which refine them.
import 'antd/dist/antd.css';
import './styles/app.css';
import './styles/print.css';

/**
 * How long the first render waits for the opened page's first data (preloaded with the page, see boot/early-data.ts),
 * at most, once the app's code has run: a slower answer is waited for in the page, under its loading table.
 */
const FIRST_DATA_WAIT_MS = 1500;

// The opened page's code first (from the browser's cache, or fetched beside the data boot/start.ts started), and
// its first data when it is on its way: the first render is then the page itself with its rows, not a loading frame,
// then the page, then its rows (each a render and layout of the whole page: on a busy machine, hundreds of ms each,
// taken from the services answering meanwhile).
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const firstDataOrLater = Promise.race([
  firstDataCached,
  new Promise<void>((resolve) => setTimeout(resolve, FIRST_DATA_WAIT_MS)),
]);
void Promise.all([preloadPageAt(window.location.pathname), firstDataOrLater]).then(() =>
  createRoot(root).render(
    <StrictMode>
      <ConsoleApp />
    </StrictMode>,
  ),
);
