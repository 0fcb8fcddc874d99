import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { firstDataOf } from '../../../src/entry-points/http/first-data';

/**
 * The console preloads the first data of a page (first-data.ts of the BFF) only for the browser to answer the app's
 * own first fetches from it: an address written differently would be fetched twice. This runs the app's early
 * queries (FIRST_DATA) with the browser's fetch replaced by one that notes the addresses asked for.
 */
const asked: string[] = [];
const browserGlobals = { fetch: globalThis.fetch, Request: globalThis.Request };

beforeAll(() => {
  // The page's fetch resolves its relative addresses against the page; Node's has no page.
  globalThis.Request = class extends browserGlobals.Request {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(typeof input === 'string' ? new URL(input, 'http://127.0.0.1:4300') : input, init);
    }
  };
  globalThis.fetch = async (input: RequestInfo | URL) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    asked.push(url.pathname + url.search);
    return new Response(JSON.stringify({ items: [], total: 0 }), { headers: { 'content-type': 'application/json' } });
  };
});
afterAll(() => {
  Object.assign(globalThis, browserGlobals);
});

describe("the pages' first data", () => {
  it('is preloaded by the console at the very addresses the app fetches, for the roles and tabs it is fetched for', async () => {
    const { FIRST_DATA } = await import('./early-data');
    expect(FIRST_DATA.length).toBeGreaterThan(0);
    for (const page of FIRST_DATA) {
      const opened = new URLSearchParams();
      expect(page.when(opened)).toBe(true);
      asked.length = 0;
      await Promise.all(page.queries().map((q) => q.answer));
      for (const role of page.roles) expect(firstDataOf(page.path, opened, role)).toEqual(asked);
      // Nobody signed in, another role, another tab: nothing preloaded.
      expect(firstDataOf(page.path, opened, undefined)).toEqual([]);
      expect(firstDataOf(page.path, opened, 'provider_staff')).toEqual([]);
      expect(firstDataOf(page.path, new URLSearchParams({ tab: 'complaint' }), page.roles[0])).toEqual([]);
    }
  });
});
