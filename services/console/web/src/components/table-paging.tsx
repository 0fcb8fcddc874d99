import { Alert } from 'antd';
import { useState } from 'react';
import { FIRST_PAGE, type PageRequest } from '../api/paging';
import { errorMessage } from '../api/problem';
import { useLocale } from '../i18n/locale';

export { FIRST_PAGE };

/**
 * A table's page kept in the page, and its antd pagination (sizes 10–100, the total in words — "200 条以上" when the
 * service capped its count); `reset` goes back to page 1 when a filter changes.
 */
export function usePaging(first: PageRequest = FIRST_PAGE) {
  const [paging, setPaging] = useState<PageRequest>(first);
  const { m } = useLocale();
  const table = (total: number | undefined, capped = false) => ({
    current: paging.page,
    pageSize: paging.pageSize,
    total: total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (n: number) => (capped ? m.common.totalCapped(n) : m.common.total(n)),
    onChange: (page: number, pageSize: number) =>
      setPaging({ page: pageSize === paging.pageSize ? page : 1, pageSize }),
  });
  return { paging, reset: () => setPaging((p) => ({ ...p, page: 1 })), table };
}

/** A list that could not be read, or a change refused, in the service's words (Chinese, or English). */
export function ErrorAlert({ error }: { error: unknown }) {
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
