import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Calendar,
  Card,
  ConfigProvider,
  DatePicker,
  Drawer,
  Empty,
  List,
  Segmented,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useNames } from '../../api/directory';
import { pageOf } from '../../api/paging';
import { formatTime, useNow } from '../../components/countdown';
import { PageHeader } from '../../components/page-header';
import { useLocale } from '../../i18n/locale';
import { VisitStatusTag } from './assignment-drawer';
import { ItemSelect, ListError, RefreshButton, StatusTag, useFilter } from './list-parts';
import { PROVIDER_KEY, useAllVisits } from './queries';
import { isLate, visitDay, visitsByDay } from './visit-calendar';
import { RecordDeliveryModal } from './visit-forms';
import { CheckLink, VerificationTags } from './verification-tags';
import type { VisitView } from './views';

type StatusFilter = 'scheduled' | 'delivered' | 'late';
interface VisitFilter {
  worker?: string;
  item?: string;
  status?: StatusFilter;
}

/** How many visits a calendar day shows before "n more". */
const PER_DAY = 3;

/** The month shown: previous, pick one, next, this month (labelled controls, for the calendar and the list). */
function MonthNav({ value, onChange }: { value: Dayjs; onChange: (month: Dayjs) => void }) {
  const { m } = useLocale();
  const t = m.provider.calendar;
  return (
    <Space
      wrap
      style={{ display: 'flex', justifyContent: 'flex-end', padding: '8px 0' }}
      data-testid="visits-month-nav"
    >
      <Button aria-label={t.prevMonth} icon={<LeftOutlined />} onClick={() => onChange(value.subtract(1, 'month'))} />
      <DatePicker
        picker="month"
        aria-label={t.month}
        value={value}
        allowClear={false}
        onChange={(d) => d && onChange(d)}
        data-testid="visits-month"
      />
      <Button aria-label={t.nextMonth} icon={<RightOutlined />} onClick={() => onChange(value.add(1, 'month'))} />
      <Button onClick={() => onChange(dayjs())}>{t.thisMonth}</Button>
    </Space>
  );
}

/**
 * 服务日历: the visits of the provider's accepted assignments by day (the month shown), with a list view of the
 * same month; a scheduled visit is recorded from its day. provider-scheduling has no list of visits across
 * assignments, so each accepted assignment's visits are read (NEEDED-APIS.md P2).
 */
export default function VisitsPage() {
  const { m } = useLocale();
  const t = m.provider.calendar;
  const names = useNames();
  const now = useNow();
  const all = useAllVisits();
  const [month, setMonth] = useState<Dayjs>(() => dayjs());
  const [view, setView] = useState<'calendar' | 'list'>('calendar');
  const [day, setDay] = useState<string>();
  const [recording, setRecording] = useState<VisitView>();
  const { filter, update, paging, table } = useFilter<VisitFilter>({});

  const monthKey = month.format('YYYY-MM');
  const workers = useMemo(() => [...new Set((all.data?.visits ?? []).map((v) => v.workerId))].sort(), [all.data]);
  const kept = useMemo(
    () =>
      (all.data?.visits ?? []).filter(
        (v) =>
          visitDay(v).startsWith(monthKey) &&
          (!filter.worker || v.workerId === filter.worker) &&
          (!filter.item || v.itemCode === filter.item) &&
          (!filter.status ||
            (filter.status === 'late' ? isLate(v, now) : v.status === filter.status && !isLate(v, now))),
      ),
    [all.data, monthKey, filter, now],
  );
  const byDay = useMemo(() => visitsByDay(kept), [kept]);
  const person = (v: VisitView) => all.data?.assignments.get(v.referralId);
  const summary = {
    visits: kept.length,
    delivered: kept.filter((v) => v.status === 'delivered').length,
    late: kept.filter((v) => isLate(v, now)).length,
  };

  const label = (v: VisitView) =>
    `${dayjs(v.delivery?.deliveredAt ?? v.scheduledFor).format('HH:mm')} ${person(v)?.person.name ?? ''} · ${names.item(v.itemCode)}`;
  const cell = (date: Dayjs) => {
    const visits = byDay.get(date.format('YYYY-MM-DD')) ?? [];
    if (!visits.length) return null;
    return (
      <ul className="visit-cell" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {visits.slice(0, PER_DAY).map((v) => (
          <li key={v.visitId}>
            <StatusTag
              color={isLate(v, now) ? 'red' : v.status === 'delivered' ? 'green' : 'blue'}
              style={{ maxWidth: '100%', whiteSpace: 'normal', marginInlineEnd: 0, marginBottom: 2 }}
            >
              {label(v)}
            </StatusTag>
          </li>
        ))}
        {visits.length > PER_DAY && (
          <li>
            <Typography.Text type="secondary">{t.more(visits.length - PER_DAY)}</Typography.Text>
          </li>
        )}
      </ul>
    );
  };

  const columns: ColumnsType<VisitView> = [
    { title: t.time, key: 'time', render: (_, v) => formatTime(v.delivery?.deliveredAt ?? v.scheduledFor) },
    { title: m.common.caseNumber, key: 'case', render: (_, v) => person(v)?.caseNumber ?? '' },
    { title: t.person, key: 'person', render: (_, v) => person(v)?.person.name ?? '' },
    { title: m.common.township, key: 'township', render: (_, v) => names.place(v.township) },
    { title: t.item, key: 'item', render: (_, v) => names.item(v.itemCode) },
    { title: t.worker, key: 'worker', dataIndex: 'workerId' },
    {
      title: t.status,
      key: 'status',
      render: (_, v) => (
        <Space size={4} wrap>
          <VisitStatusTag visit={v} />
          <VerificationTags visit={v} />
        </Space>
      ),
    },
    { title: m.provider.visit.units, key: 'units', render: (_, v) => v.delivery?.units ?? '' },
    {
      title: m.common.actions,
      key: 'actions',
      render: (_, v) =>
        v.status === 'checked_in' ? (
          <CheckLink visit={v} label={label(v)} />
        ) : v.status === 'scheduled' && person(v)?.status === 'accepted' ? (
          <Space size={4}>
            <CheckLink visit={v} label={label(v)} />
            <Button
              size="small"
              type="primary"
              onClick={() => setRecording(v)}
              data-testid="visit-record-delivery"
              autoInsertSpace={false}
              aria-label={`${m.provider.visit.record} ${label(v)}`}
            >
              {m.provider.visit.record}
            </Button>
          </Space>
        ) : null,
    },
  ];
  const listPage = pageOf(
    { items: kept },
    paging,
    () => true,
    (a, b) => (a.delivery?.deliveredAt ?? a.scheduledFor).localeCompare(b.delivery?.deliveredAt ?? b.scheduledFor),
  );
  const dayVisits = day ? (byDay.get(day) ?? []) : [];

  return (
    <>
      <PageHeader
        title={t.title}
        hint={t.hint}
        extra={<RefreshButton queryKey={PROVIDER_KEY} testId="visits-refresh" />}
      />
      <Card>
        <Space wrap className="filter-bar" data-testid="visits-filters">
          <Segmented
            aria-label={t.calendarView}
            value={view}
            onChange={(v) => setView(v as 'calendar' | 'list')}
            options={[
              { value: 'calendar', label: t.calendarView },
              { value: 'list', label: t.listView },
            ]}
            data-testid="visits-view"
          />
          <Select
            aria-label={t.worker}
            placeholder={t.worker}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={filter.worker}
            onChange={(worker: string | undefined) => update({ worker })}
            options={workers.map((w) => ({ value: w, label: w }))}
            style={{ minWidth: 160 }}
            data-testid="visits-worker-filter"
          />
          <ItemSelect value={filter.item} onChange={(item) => update({ item })} />
          <Select
            aria-label={t.status}
            placeholder={t.status}
            allowClear
            value={filter.status}
            onChange={(status: StatusFilter | undefined) => update({ status })}
            options={(['scheduled', 'delivered', 'late'] as const).map((s) => ({
              value: s,
              label: m.provider.visitStatus[s],
            }))}
            style={{ minWidth: 140 }}
          />
        </Space>
        <ListError error={all.error} />
        <Alert
          type={summary.late > 0 ? 'warning' : 'info'}
          showIcon
          title={`${month.format('YYYY-MM')} · ${t.summary(summary.visits, summary.delivered, summary.late)}`}
          description={t.readLimit}
          style={{ marginBottom: 12 }}
          data-testid="visits-summary"
        />
        {view === 'calendar' ? (
          <div data-testid="visits-calendar" aria-busy={all.isFetching}>
            {/* Days of the months around are antd's disabled grey (1.8:1): darkened to read (4.5:1). */}
            <ConfigProvider theme={{ token: { colorTextDisabled: 'rgba(0, 0, 0, 0.56)' } }}>
              <Calendar
                value={month}
                onPanelChange={(d) => setMonth(d)}
                onSelect={(d, info) => {
                  setMonth(d);
                  if (info.source === 'date') setDay(d.format('YYYY-MM-DD'));
                }}
                cellRender={(d, info) => (info.type === 'date' ? cell(d) : null)}
                headerRender={({ value, onChange }) => <MonthNav value={value} onChange={onChange} />}
              />
            </ConfigProvider>
          </div>
        ) : (
          <Table<VisitView>
            rowKey="visitId"
            size="middle"
            data-testid="visits-table"
            loading={all.isFetching}
            columns={columns}
            dataSource={listPage.rows}
            pagination={table(listPage.total)}
            title={() => <MonthNav value={month} onChange={setMonth} />}
          />
        )}
      </Card>
      <Drawer
        open={Boolean(day)}
        onClose={() => setDay(undefined)}
        title={day ? t.dayTitle(day) : ''}
        size={520}
        data-testid="visits-day-drawer"
      >
        {dayVisits.length === 0 ? (
          <Empty description={t.noVisits} />
        ) : (
          <List
            dataSource={dayVisits}
            renderItem={(v) => (
              <List.Item
                key={v.visitId}
                actions={
                  v.status === 'checked_in'
                    ? [<CheckLink key="check" visit={v} label={label(v)} />]
                    : v.status === 'scheduled' && person(v)?.status === 'accepted'
                      ? [
                          <CheckLink key="check" visit={v} label={label(v)} />,
                          <Button
                            key="record"
                            size="small"
                            type="primary"
                            onClick={() => setRecording(v)}
                            data-testid="day-record-delivery"
                            autoInsertSpace={false}
                            aria-label={`${m.provider.visit.record} ${label(v)}`}
                          >
                            {m.provider.visit.record}
                          </Button>,
                        ]
                      : []
                }
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      {label(v)}
                      <VisitStatusTag visit={v} />
                      <VerificationTags visit={v} />
                    </Space>
                  }
                  description={`${person(v)?.caseNumber ?? ''} · ${names.place(v.township)} · ${t.worker}：${v.workerId}${
                    v.delivery ? ` · ${m.provider.visit.units}：${v.delivery.units}` : ''
                  }`}
                />
              </List.Item>
            )}
          />
        )}
      </Drawer>
      <RecordDeliveryModal visit={recording} onClose={() => setRecording(undefined)} />
    </>
  );
}
