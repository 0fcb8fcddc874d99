import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, DatePicker, Input, Select, Space, Switch, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { formatTime } from '../../components/countdown';
import { PageHeader } from '../../components/page-header';
import { PlaceSelect } from '../../components/place-select';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';
import {
  AssigneeCell,
  ComplaintDue,
  ComplaintKindType,
  ComplaintStatus,
  ComplaintSubject,
  ErrorAlert,
  usePaging,
} from './cells';
import { ComplaintDrawer } from './complaint-drawer';
import type { ComplaintDetailView } from './hotline-api';
import {
  COMPLAINT_CHANNELS,
  COMPLAINT_STATUSES,
  COMPLAINT_TYPES,
  listComplaints,
  OPEN_STATUSES,
  useHotlineList,
  type ComplaintFilter,
} from './queries';

/**
 * The complaint queue (投诉工单): complaints and consultations of the operator's jurisdiction, open ones first by
 * their time limit, with escalations marked; each opens in a drawer to be moved on. Complaints answers the first
 * 500 unfiltered today: the filters and paging are applied here until it takes them (NEEDED-APIS.md H1).
 */
export default function ComplaintsPage() {
  const { m, names } = useLocale();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { paging, reset, table } = usePaging();
  const [filter, setFilter] = useState<ComplaintFilter>({ status: OPEN_STATUSES, sort: 'due' });
  const update = (f: Partial<ComplaintFilter>) => {
    setFilter((old) => ({ ...old, ...f }));
    reset();
  };
  const list = useHotlineList('complaints', filter, paging, listComplaints, { refetchInterval: 60_000 });
  const openId = params.get('complaint') ?? undefined;
  const open = (complaintId: string | undefined) =>
    setParams(complaintId ? { complaint: complaintId } : {}, { replace: true });

  const columns: ColumnsType<ComplaintDetailView> = [
    {
      title: m.hotline.queue.number,
      key: 'number',
      render: (_, c) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => open(c.complaintId)}>
          {c.complaintNumber}
        </Button>
      ),
    },
    { title: m.hotline.queue.kindType, key: 'kind', render: (_, c) => <ComplaintKindType c={c} /> },
    { title: m.hotline.queue.subject, key: 'subject', render: (_, c) => <ComplaintSubject c={c} /> },
    {
      title: m.hotline.queue.summary,
      key: 'summary',
      render: (_, c) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: c.summary }} style={{ marginBottom: 0, maxWidth: 300 }}>
          {c.summary}
        </Typography.Paragraph>
      ),
    },
    { title: m.common.channel, key: 'channel', render: (_, c) => nameOf(names.channel, c.channel) },
    { title: m.common.status, key: 'status', render: (_, c) => <ComplaintStatus c={c} /> },
    { title: m.hotline.queue.assignee, key: 'assignee', render: (_, c) => <AssigneeCell assignee={c.assignee} /> },
    { title: m.common.receivedAt, key: 'receivedAt', render: (_, c) => formatTime(c.receivedAt) },
    { title: m.common.timeLimit, key: 'due', render: (_, c) => <ComplaintDue c={c} /> },
    {
      title: m.common.actions,
      key: 'actions',
      render: (_, c) => (
        <Button
          size="small"
          onClick={() => open(c.complaintId)}
          data-testid="complaint-open"
          aria-label={`${m.common.open} ${c.complaintNumber}`}
        >
          {m.common.open}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={m.hotline.queue.title}
        hint={m.hotline.queue.hint}
        extra={
          <>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => void navigate('/hotline/complaints/new')}
              data-testid="hotline-new-complaint"
            >
              {m.hotline.nav.newComplaint}
            </Button>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void queryClient.invalidateQueries({ queryKey: ['hotline'] })}
              data-testid="hotline-complaints-refresh"
            >
              {m.common.refresh}
            </Button>
          </>
        }
      />
      <Card>
        <Space wrap className="filter-bar" data-testid="hotline-complaints-filters" style={{ marginBottom: 12 }}>
          <Input.Search
            aria-label={m.hotline.queue.searchLabel}
            placeholder={m.hotline.queue.searchPlaceholder}
            allowClear
            maxLength={40}
            onSearch={(q) => update({ q: q.trim() || undefined })}
            style={{ width: 260 }}
            data-testid="hotline-complaints-search"
          />
          <Select
            mode="multiple"
            aria-label={m.common.status}
            placeholder={m.common.status}
            allowClear
            value={filter.status ?? []}
            onChange={(status: string[]) => update({ status })}
            options={COMPLAINT_STATUSES.map((s) => ({ value: s, label: nameOf(names.complaintStatus, s) }))}
            style={{ minWidth: 220 }}
            maxTagCount="responsive"
            data-testid="hotline-complaints-status"
          />
          <Select
            aria-label={m.hotline.form.kind}
            placeholder={m.hotline.form.kind}
            allowClear
            value={filter.kind}
            onChange={(kind: ComplaintFilter['kind']) => update({ kind })}
            options={(['complaint', 'consultation'] as const).map((k) => ({
              value: k,
              label: nameOf(names.complaintKind, k),
            }))}
            style={{ minWidth: 110 }}
          />
          <Select
            mode="multiple"
            aria-label={m.hotline.form.type}
            placeholder={m.hotline.form.type}
            allowClear
            value={filter.type ?? []}
            onChange={(type: string[]) => update({ type })}
            options={COMPLAINT_TYPES.map((t) => ({ value: t, label: nameOf(names.complaintType, t) }))}
            style={{ minWidth: 160 }}
            maxTagCount="responsive"
          />
          <Select
            mode="multiple"
            aria-label={m.common.channel}
            placeholder={m.common.channel}
            allowClear
            value={filter.channel ?? []}
            onChange={(channel: string[]) => update({ channel })}
            options={COMPLAINT_CHANNELS.map((c) => ({ value: c, label: nameOf(names.channel, c) }))}
            style={{ minWidth: 150 }}
            maxTagCount="responsive"
          />
          <PlaceSelect level="township" value={filter.township} onChange={(township) => update({ township })} />
          <DatePicker.RangePicker
            aria-label={m.common.dateRange}
            placeholder={[m.common.from, m.common.to]}
            onChange={(range) =>
              update({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })
            }
          />
          <Space>
            <Switch
              id="hotline-overdue"
              checked={Boolean(filter.overdue)}
              onChange={(overdue) => update({ overdue })}
              aria-label={m.hotline.queue.overdueOnly}
            />
            <label htmlFor="hotline-overdue">{m.hotline.queue.overdueOnly}</label>
          </Space>
          <Space>
            <Switch
              id="hotline-escalated"
              checked={Boolean(filter.escalated)}
              onChange={(escalated) => update({ escalated })}
              aria-label={m.hotline.queue.escalatedOnly}
            />
            <label htmlFor="hotline-escalated">{m.hotline.queue.escalatedOnly}</label>
          </Space>
          <Select
            aria-label={m.hotline.queue.sort}
            value={filter.sort ?? 'received'}
            onChange={(sort: ComplaintFilter['sort']) => update({ sort })}
            options={[
              { value: 'due', label: m.hotline.queue.sortDue },
              { value: 'received', label: m.hotline.queue.sortReceived },
            ]}
            style={{ minWidth: 140 }}
          />
        </Space>
        <ErrorAlert error={list.error} />
        <Table<ComplaintDetailView>
          rowKey="complaintId"
          data-testid="hotline-complaints-table"
          size="middle"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data?.rows}
          pagination={table(list.data?.total)}
          scroll={{ x: 'max-content' }}
        />
      </Card>
      <ComplaintDrawer complaintId={openId} onClose={() => open(undefined)} />
    </>
  );
}
