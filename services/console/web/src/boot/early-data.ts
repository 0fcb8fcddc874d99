import type { ConsoleRole } from '../api/bff';
import { FIRST_PAGE } from '../api/paging';
import { listKey, listRequests, NEW_REQUESTS } from '../pages/township/lists';
import { pageBoot } from './page-boot';

/** A query of a page started before the app's code ran: its cache key and the answer on its way. */
export interface EarlyQuery {
  key: readonly unknown[];
  answer: Promise<unknown>;
}

/**
 * The pages whose first data is fetched as soon as the page is parsed, beside the loading of the app's code
 * (instead of after the code ran, the session was known and the page rendered): the address, who may open it, when
 * (by its query string), and the queries, each with the cache key the page itself reads it by. The console serves
 * these pages with their queries' addresses preloaded (src/entry-points/http/first-data.ts; the browser answers the
 * queries' fetches from those, started before any script ran), kept the same by first-data.unit.test.ts.
 *
 * Their code too (`code`, the page's module as routes.tsx loads it): fetched and run from here, beside the app's own
 * code, instead of once the app's code has run (the page's chunks, and the parts of Ant Design only it uses, would
 * then be fetched and run after all of it).
 */
export const FIRST_DATA: {
  path: string;
  roles: readonly ConsoleRole[];
  when: (params: URLSearchParams) => boolean;
  queries: () => EarlyQuery[];
  code: () => Promise<unknown>;
}[] = [
  {
    // The worklist opens on 新申请, its first page.
    path: '/worklist',
    roles: ['township_caseworker', 'village_coordinator'],
    when: (params) => (params.get('tab') ?? 'new') === 'new',
    queries: () => [
      { key: listKey('requests', NEW_REQUESTS, FIRST_PAGE), answer: listRequests(NEW_REQUESTS, FIRST_PAGE) },
    ],
    code: () => import('../pages/township/worklist-page'),
  },
];

let started: EarlyQuery[] = [];
/** Whether the early queries were started (by boot/start.ts or, when the app's code ran first, by the app): once. */
let attempted = false;

/**
 * Starts the first data and the code of the page at `location` when the page came with a signed-in session that may
 * open it (boot/start.ts, an entry of its own in index.html, so that this runs before the app's code is evaluated;
 * once: should the app's code run first, takeEarlyData starts them and this does nothing).
 */
export function startEarlyData(location: { pathname: string; search: string }): void {
  if (attempted) return;
  attempted = true;
  const role = pageBoot()?.session?.account.role;
  if (!role) return;
  const page = FIRST_DATA.find((p) => p.path === location.pathname);
  if (!page || !page.roles.includes(role)) return;
  if (page.when(new URLSearchParams(location.search))) {
    started = page.queries();
    // A failure is the page's to show, when it reads the query itself.
    for (const q of started) q.answer.catch(() => undefined);
  }
  // After the data's requests: the page's code, from the browser's cache mostly (a failure: routes.tsx loads it again).
  page.code().catch(() => undefined);
}

/**
 * The queries started early, once (the app puts them in its query cache). The page's first script is async and
 * usually runs first; when the app's code ran before it, the app starts them here, before it renders.
 */
export function takeEarlyData(location: { pathname: string; search: string } = window.location): EarlyQuery[] {
  startEarlyData(location);
  const early = started;
  started = [];
  return early;
}
