import { describe, expect, it } from '@jest/globals';
import { pageOf, queryOf } from './paging';

const rows = Array.from({ length: 45 }, (_, i) => ({ n: i }));

describe('a page of a list', () => {
  it('takes a paged answer as the service filtered and counted it', () => {
    const page = pageOf(
      { items: rows.slice(0, 20), total: 1234, page: 1, pageSize: 20 },
      { page: 1, pageSize: 20 },
      () => false,
    );
    expect(page).toEqual({ rows: rows.slice(0, 20), total: 1234, pagedByService: true });
  });

  it('filters, orders and cuts an unpaged answer here', () => {
    const page = pageOf(
      { items: rows },
      { page: 2, pageSize: 5 },
      (r) => r.n % 2 === 0,
      (a, b) => b.n - a.n,
    );
    expect(page.pagedByService).toBe(false);
    expect(page.total).toBe(23);
    expect(page.rows.map((r) => r.n)).toEqual([34, 32, 30, 28, 26]);
  });
});

describe('query parameters', () => {
  it('drops empty filters and joins lists with commas', () => {
    expect(queryOf({ a: undefined, b: '', c: [], d: ['x', 'y'], e: 2, f: false, g: 'z' })).toEqual({
      d: 'x,y',
      e: 2,
      f: false,
      g: 'z',
    });
  });
});
