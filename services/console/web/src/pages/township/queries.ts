import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { PageOf, PageRequest } from '../../api/paging';
import { listKey } from './lists';

export * from './lists';

/** A township list as the worklist and search read it (the fetchers are in lists.ts). */
export function useList<T, F>(
  key: string,
  filter: F,
  paging: PageRequest,
  fetch: (filter: F, paging: PageRequest) => Promise<PageOf<T>>,
  enabled = true,
) {
  return useQuery({
    queryKey: listKey(key, filter, paging),
    queryFn: () => fetch(filter, paging),
    placeholderData: keepPreviousData,
    enabled,
  });
}
