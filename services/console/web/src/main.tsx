import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConsoleApp } from './app';
import { preloadPageAt } from './routes';
// Ant Design's styles, prebuilt (see Themed in app.tsx), before the console's own, which refine them.
import 'antd/dist/antd.css';
import './styles/app.css';
import './styles/print.css';

// The opened page's code first (from the browser's cache, or fetched beside the data boot/start.ts started): the
// first render is then the page itself, not a loading frame and the page after it.
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
void preloadPageAt(window.location.pathname).then(() =>
  createRoot(root).render(
    <StrictMode>
      <ConsoleApp />
    </StrictMode>,
  ),
);
