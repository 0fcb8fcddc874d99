/**
 * The first data of the pages that have it, asked for by the browser as soon as it reads the page's head (a
 * `<link rel="preload" as="fetch">` the page is served with): beside the loading of the app's scripts and Ant Design's
 * stylesheet, whose parsing and running take the browser hundreds of milliseconds before any script of the page can
 * start a request. The app's first fetch of the same address (web/src/boot/early-data.ts, FIRST_DATA, whose address
 * web/src/boot/first-data.unit.test.ts holds to this one) is answered by that preload instead of asking again.
 *
 * Per page: its address, who may open it, when (by its query string), and the API addresses of its first data, as
 * the app's openapi-fetch client writes them.
 */
interface FirstData {
  path: string;
  roles: readonly string[];
  when: (query: URLSearchParams) => boolean;
  urls: readonly string[];
}

const FIRST_DATA: readonly FirstData[] = [
  {
    // The worklist opens on 新申请, its first page.
    path: '/worklist',
    roles: ['township_caseworker', 'village_coordinator'],
    when: (query) => (query.get('tab') ?? 'new') === 'new',
    urls: ['/api/intake/requests?stage=new&page=1&pageSize=20'],
  },
];

/** The API addresses to preload with the page at `path` (its `query`), opened by an account of `role`. */
export function firstDataOf(path: string, query: URLSearchParams, role: string | undefined): readonly string[] {
  if (!role) return [];
  const page = FIRST_DATA.find((p) => p.path === path);
  return page && page.roles.includes(role) && page.when(query) ? page.urls : [];
}

const attribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The preload links of `urls`. `crossorigin` (anonymous: the cookie goes with a same-origin request) makes them
 * requests of the kind a plain `fetch(url)` of the page is, which the browser then answers from them.
 */
export function preloadLinks(urls: readonly string[]): string {
  return urls.map((url) => `<link rel="preload" as="fetch" crossorigin href="${attribute(url)}">`).join('');
}
