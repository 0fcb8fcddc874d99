import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConsoleApp } from './app';
import { preloadPageAt } from './routes';
import './styles/app.css';
import './styles/print.css';

// The page opened is fetched alongside the session check (its code would otherwise wait for the answer).
preloadPageAt(window.location.pathname);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ConsoleApp />
  </StrictMode>,
);
