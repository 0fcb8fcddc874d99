import type { Paged } from './views';

export interface PageRequest {
  page: number;
  pageSize: number;
}

/** The page a table opens on. */
export const FIRST_PAGE: PageRequest = { page: 1, pageSize: 20 };

export interface PageOf<T> {
  rows: T[];
  total: number;
  /** More than `total` match (the service stopped counting there). */
  capped?: boolean;
  /** False while the service answers without pagination: the rows were filtered and cut here. */
  pagedByService: boolean;
}

/**
 * One page of a list answer. A list with `total` was filtered and paged by the service; one without (the
 * services' lists before NEEDED-APIS.md is done) is filtered by `keep` and cut to the page here.
 */
export function pageOf<T>(
  answer: Paged<T>,
  { page, pageSize }: PageRequest,
  keep: (row: T) => boolean = () => true,
  order?: (a: T, b: T) => number,
): PageOf<T> {
  if (typeof answer.total === 'number')
    return {
      rows: answer.items,
      total: answer.total,
      ...(answer.totalCapped ? { capped: true } : {}),
      pagedByService: true,
    };
  const kept = answer.items.filter(keep);
  if (order) kept.sort(order);
  return { rows: kept.slice((page - 1) * pageSize, page * pageSize), total: kept.length, pagedByService: false };
}

/** Drops empty filters (undefined, '', empty lists) and joins lists with commas, as the services read them. */
export function queryOf(
  params: Record<string, string | number | boolean | string[] | undefined>,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = Array.isArray(v) ? v.join(',') : v;
  }
  return out;
}
