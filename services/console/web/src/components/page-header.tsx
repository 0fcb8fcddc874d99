import { Space, Typography } from 'antd';
import type { ReactNode } from 'react';

/** A page's title, one line saying what it is for, and its actions on the right. */
export function PageHeader({ title, hint, extra }: { title: ReactNode; hint?: ReactNode; extra?: ReactNode }) {
  return (
    <div
      className="page-header no-print"
      style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 16 }}
    >
      <div>
        <Typography.Title level={2}>{title}</Typography.Title>
        {hint && <Typography.Text type="secondary">{hint}</Typography.Text>}
      </div>
      {extra && <Space wrap>{extra}</Space>}
    </div>
  );
}
