import { Card, Empty, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { pageOf } from '../../api/paging';
import { formatTime, useNow } from '../../components/countdown';
import { PageHeader } from '../../components/page-header';
import { useLocale } from '../../i18n/locale';
import { ItemTags } from '../township/cells';
import { ListError, MonthFilter, usePaging } from './list-parts';
import { useAllVisits } from './queries';
import { visitDay, workerLoads, type WorkerLoad } from './visit-calendar';

/**
 * 服务人员: each worker's visits of a month, from the visit records (who was sent, how often, what was served,
 * what is late). provider-scheduling keeps no register of workers (a visit names its worker by id): a register
 * with names, qualifications and training is asked for in NEEDED-APIS.md P3; the visits come as P2 says.
 */
export default function WorkersPage() {
  const { m } = useLocale();
  const t = m.provider.workers;
  const now = useNow();
  const all = useAllVisits();
  const [month, setMonth] = useState<Dayjs>(() => dayjs());
  const { paging, reset, table } = usePaging();
  const monthKey = month.format('YYYY-MM');
  const loads = useMemo(
    () =>
      workerLoads(
        (all.data?.visits ?? []).filter((v) => visitDay(v).startsWith(monthKey)),
        now,
        (v) => all.data?.assignments.get(v.referralId)?.person.personId ?? v.caseId,
      ),
    [all.data, monthKey, now],
  );
  const page = pageOf({ items: loads }, paging, () => true);

  return (
    <>
      <PageHeader title={t.title} hint={t.hint} />
      <Card>
        <Space wrap className="filter-bar" data-testid="workers-filters">
          <MonthFilter
            id="workers-month"
            label={t.month}
            value={month}
            onChange={(d) => {
              setMonth(d);
              reset();
            }}
            testId="workers-month"
            future
          />
        </Space>
        <ListError error={all.error} />
        <Table<WorkerLoad>
          rowKey="workerId"
          size="middle"
          data-testid="workers-table"
          loading={all.isFetching}
          dataSource={page.rows}
          pagination={table(page.total)}
          locale={{ emptyText: <Empty description={t.none} /> }}
          columns={[
            {
              title: t.worker,
              key: 'worker',
              render: (_, w) => <Typography.Text strong>{w.workerId}</Typography.Text>,
            },
            { title: t.visits, key: 'visits', dataIndex: 'visits', align: 'right' },
            { title: t.delivered, key: 'delivered', dataIndex: 'delivered', align: 'right' },
            { title: t.scheduled, key: 'scheduled', dataIndex: 'scheduled', align: 'right' },
            {
              title: t.late,
              key: 'late',
              align: 'right',
              render: (_, w) => (w.late > 0 ? <span className="overdue">{w.late}</span> : 0),
            },
            { title: t.units, key: 'units', dataIndex: 'units', align: 'right' },
            { title: t.people, key: 'people', dataIndex: 'people', align: 'right' },
            { title: t.items, key: 'items', render: (_, w) => <ItemTags codes={w.items} /> },
            { title: t.lastDelivered, key: 'last', render: (_, w) => formatTime(w.lastDeliveredAt) },
            { title: t.nextScheduled, key: 'next', render: (_, w) => formatTime(w.nextScheduledFor) },
          ]}
        />
      </Card>
    </>
  );
}
