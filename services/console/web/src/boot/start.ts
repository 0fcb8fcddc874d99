/**
 * The page's first script (an entry of its own in index.html, before the app): small and without React, so that it
 * runs as soon as the page is parsed and starts the opened page's first data (and its code) while the app's code
 * still loads.
 */
import { startEarlyData } from './early-data';

startEarlyData(window.location);
