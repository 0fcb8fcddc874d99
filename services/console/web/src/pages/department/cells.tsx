import { Alert } from 'antd';
import { useState } from 'react';
import type { PageRequest } from '../../api/paging';
import { errorMessage } from '../../api/problem';
import { useLocale } from '../../i18n/locale';

/** A failed list or action, in the service's Chinese words. */
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

/** A table's pagination kept in the page: back to page 1 when the filters change. */
export function usePaging(first: PageRequest = { page: 1, pageSize: 20 }) {
  const [paging, setPaging] = useState<PageRequest>(first);
  const { m } = useLocale();
  const table = (total: number | undefined) => ({
    current: paging.page,
    pageSize: paging.pageSize,
    total: total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (n: number) => m.common.total(n),
    onChange: (page: number, pageSize: number) =>
      setPaging({ page: pageSize === paging.pageSize ? page : 1, pageSize }),
  });
  return { paging, reset: () => setPaging((p) => ({ ...p, page: 1 })), table };
}
