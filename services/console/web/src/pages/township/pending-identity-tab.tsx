import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Input, Segmented, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useNames } from '../../api/directory';
import { formatTime, Waiting } from '../../components/countdown';
import { PlaceSelect } from '../../components/place-select';
import { useLocale } from '../../i18n/locale';
import { CallerPhone, CallerRecording } from './caller-cells';
import { CaseLink } from './cells';
import { CompleteIdentityDrawer } from './complete-identity-drawer';
import { listPendingApplications } from './pending-applications';
import {
  pendingPage,
  type PendingApplicationView,
  type PendingFilter,
  type PendingStatus,
} from './pending-identity-rules';
import { ListError, usePaging } from './worklist-parts';

/** The township's key of the list in a state (the worklist's refresh re-reads every ['township', …] list). */
export const pendingListKey = (status: PendingStatus) => ['township', 'pending-applications', status] as const;

/**
 * 待核实身份: first-time callers' applications by phone in the jurisdiction: the application number, when they
 * called, the township, the number to call back, their name and need as recordings to hear, how long they have
 * waited; 补全身份 opens the form that makes the application a request. Completed ones show the case they became.
 */
export function PendingIdentityTab() {
  const { m } = useLocale();
  const names = useNames();
  const t = m.township.pendingIdentity;
  const { paging, reset, table } = usePaging();
  const [filter, setFilter] = useState<PendingFilter>({ status: 'awaiting_identity' });
  const [completing, setCompleting] = useState<PendingApplicationView>();
  const update = (f: Partial<PendingFilter>) => {
    setFilter((old) => ({ ...old, ...f }));
    reset();
  };
  // Read once per state; the filters and the page apply to what was read (changing one reads nothing again).
  const list = useQuery({
    queryKey: pendingListKey(filter.status),
    queryFn: () => listPendingApplications(filter.status),
    placeholderData: keepPreviousData,
  });
  const page = useMemo(
    () => (list.data ? pendingPage(list.data, filter, paging) : undefined),
    [list.data, filter, paging],
  );
  const awaiting = filter.status === 'awaiting_identity';

  const columns: ColumnsType<PendingApplicationView> = [
    { title: t.applicationNumber, key: 'number', dataIndex: 'applicationNumber' },
    { title: t.calledAt, key: 'receivedAt', render: (_, a) => formatTime(a.receivedAt) },
    { title: m.common.township, key: 'township', render: (_, a) => names.place(a.township) },
    { title: t.callerPhone, key: 'phone', render: (_, a) => <CallerPhone phone={a.callerPhone} /> },
    {
      title: t.recordings,
      key: 'recordings',
      render: (_, a) => (
        <Space orientation="vertical" size={4}>
          {(['name', 'need'] as const).map((part) => (
            <Space key={part} size={8} align="center">
              <Typography.Text type="secondary">{part === 'name' ? t.namePart : t.needPart}</Typography.Text>
              <CallerRecording application={a} part={part} />
            </Space>
          ))}
        </Space>
      ),
    },
    ...(awaiting
      ? ([
          { title: t.waiting, key: 'waiting', render: (_, a) => <Waiting since={a.receivedAt} /> },
          {
            title: m.common.actions,
            key: 'actions',
            render: (_, a) => (
              <Button
                type="primary"
                size="small"
                onClick={() => setCompleting(a)}
                aria-label={t.completeOf(a.applicationNumber)}
                data-testid="pending-complete"
              >
                {t.complete}
              </Button>
            ),
          },
        ] satisfies ColumnsType<PendingApplicationView>)
      : ([
          {
            title: t.completedAs,
            key: 'case',
            render: (_, a) =>
              a.completion ? <CaseLink caseId={a.completion.caseId} caseNumber={a.completion.caseNumber} /> : '',
          },
          { title: t.completedAt, key: 'completedAt', render: (_, a) => formatTime(a.completion?.at) },
        ] satisfies ColumnsType<PendingApplicationView>)),
  ];

  return (
    <>
      <Typography.Paragraph type="secondary">{t.hint}</Typography.Paragraph>
      <Space wrap className="filter-bar" data-testid="worklist-identity-filters">
        <Segmented<PendingStatus>
          aria-label={t.status}
          value={filter.status}
          onChange={(status) => update({ status })}
          options={[
            { value: 'awaiting_identity', label: t.awaiting },
            { value: 'completed', label: t.completed },
          ]}
          data-testid="pending-status"
        />
        <PlaceSelect level="township" value={filter.township} onChange={(township) => update({ township })} />
        <DatePicker.RangePicker
          aria-label={m.common.dateRange}
          placeholder={[m.common.from, m.common.to]}
          onChange={(range) => update({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
        />
        <Input
          allowClear
          inputMode="tel"
          aria-label={t.phoneFilter}
          placeholder={`${t.phoneFilter}（${t.phoneFilterHint}）`}
          value={filter.phone}
          onChange={(e) => update({ phone: e.target.value })}
          style={{ width: 240 }}
          data-testid="pending-phone-filter"
        />
      </Space>
      <ListError error={list.error} />
      <Table<PendingApplicationView>
        rowKey="applicationId"
        data-testid="worklist-identity-table"
        size="middle"
        loading={list.isFetching}
        columns={columns}
        dataSource={page?.rows}
        pagination={table(page?.total, page?.capped)}
        locale={{ emptyText: t.none }}
        scroll={{ x: 'max-content' }}
      />
      <CompleteIdentityDrawer application={completing} onClose={() => setCompleting(undefined)} />
    </>
  );
}
