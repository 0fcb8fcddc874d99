import { Spin } from 'antd';

/** While a page's code or first answer loads. */
export function PageLoading() {
  return (
    <div className="page-loading" role="status" aria-live="polite">
      <Spin size="large" />
    </div>
  );
}
