import { Alert } from 'antd';
import { useState } from 'react';
import type { PageOf, PageRequest } from '../../api/paging';
import { errorMessage } from '../../api/problem';
import { useLocale } from '../../i18n/locale';

/** The page a worklist tab opens on; each tab's badge reads the same page, so the two are one request. */
export const FIRST_PAGE: PageRequest = { page: 1, pageSize: 20 };

/** The shared pagination of the worklist tables: back to page 1 when a filter changes (`reset`). */
export function usePaging() {
  const [paging, setPaging] = useState<PageRequest>(FIRST_PAGE);
  const { m } = useLocale();
  const table = (page: PageOf<unknown> | undefined) => ({
    current: paging.page,
    pageSize: paging.pageSize,
    total: page?.total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (n: number) => (page?.capped ? m.common.totalCapped(n) : m.common.total(n)),
    onChange: (page: number, pageSize: number) =>
      setPaging({ page: pageSize === paging.pageSize ? page : 1, pageSize }),
  });
  return { paging, reset: () => setPaging((p) => ({ ...p, page: 1 })), table };
}

/** A list that could not be read, in the service's words. */
export function ListError({ error }: { error: unknown }) {
  const { m } = useLocale();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      title={errorMessage(error, m.errors.network)}
      style={{ marginBottom: 12 }}
      role="alert"
    />
  );
}
