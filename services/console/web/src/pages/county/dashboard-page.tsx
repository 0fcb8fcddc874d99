import { useQueries } from '@tanstack/react-query';
import { Alert, Card, Col, DatePicker, Empty, Row, Space, Spin, Statistic, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useMemo, useState, type ReactNode } from 'react';
import { answer, api } from '../../api/client';
import { useNames } from '../../api/directory';
import { errorMessage } from '../../api/problem';
import { PageHeader } from '../../components/page-header';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';
import { RefreshButton } from '../provider/list-parts';
import { inLifeOrder, mergeComplaintRows, monthsFrom } from './county-figures';
import {
  COUNTY_KEY,
  useDecisionStatistics,
  useProviderScores,
  useReferralStatistics,
  useRequestStatistics,
} from './queries';
import type { ComplaintStatisticsView } from './views';

const Chart = lazy(() => import('./chart'));

/** The most months the services count at once. */
const MAX_MONTHS = 12;
const CHANNELS = ['window', 'online', 'proactive', 'chatbot', 'ivr'];

function ChartCard({
  title,
  note,
  loading,
  error,
  empty,
  children,
  testId,
}: {
  title: string;
  note?: string;
  loading: boolean;
  error: unknown;
  empty: boolean;
  children: ReactNode;
  testId: string;
}) {
  const { m } = useLocale();
  return (
    <Card
      title={
        <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
          {title}
        </Typography.Title>
      }
      size="small"
      data-testid={testId}
      style={{ height: '100%' }}
    >
      {error ? (
        <Alert type="error" showIcon role="alert" title={errorMessage(error, m.errors.network)} />
      ) : loading ? (
        <div className="page-loading" style={{ minHeight: 320 }}>
          <Spin />
        </div>
      ) : empty ? (
        <Empty description={m.county.dashboard.noData} style={{ minHeight: 280, paddingTop: 80 }} />
      ) : (
        <Suspense fallback={<Spin />}>{children}</Suspense>
      )}
      {note && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {note}
        </Typography.Text>
      )}
    </Card>
  );
}

/** A ring chart of named counts. */
const ring = (name: string, data: { name: string; value: number }[]) => ({
  tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
  legend: { bottom: 0 },
  series: [{ type: 'pie', radius: ['35%', '65%'], name, data }],
});

/** A category axis of place or provider names, slanted so that every one shows. */
const namesAxis = (labels: string[]) => ({ type: 'category', data: labels, axisLabel: { interval: 0, rotate: 30 } });

/** The complaint statistics of each month of the range, merged (complaints counts one month at a time). */
function useComplaintsOver(months: string[], by: 'type' | 'provider') {
  const results = useQueries({
    queries: months.map((month) => ({
      queryKey: [COUNTY_KEY, 'complaint-statistics', month, by],
      queryFn: () =>
        answer<ComplaintStatisticsView>(api.complaints.GET('/statistics', { params: { query: { month, by } } })),
      staleTime: 5 * 60 * 1000,
    })),
  });
  const done = results.every((r) => r.data);
  const error = results.find((r) => r.error)?.error;
  const rows = done ? mergeComplaintRows(results.map((r) => r.data!.rows)) : [];
  return { rows, loading: !done && !error, error };
}

/**
 * 统计分析: the county's dashboards over a range of months — requests by channel and township (intake), time to
 * decision (assessment), referrals made in the months by their state (referral), complaints by type (complaints,
 * one month at a time, added up here) and the providers' scores referral ranks them by (complaints).
 */
export default function DashboardPage() {
  const { m, names: fixed } = useLocale();
  const t = m.county.dashboard;
  const names = useNames();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(5, 'month'), dayjs()]);
  const from = range[0].format('YYYY-MM');
  const to = range[1].format('YYYY-MM');
  const months = monthsFrom(from, to);

  const requests = useRequestStatistics(from, to);
  const decisions = useDecisionStatistics(from, to);
  const referrals = useReferralStatistics(from, to);
  const byType = useComplaintsOver(months, 'type');
  const scores = useProviderScores();

  const r = requests.data;
  const d = decisions.data;
  const referralStates = useMemo(() => inLifeOrder(referrals.data?.byStatus ?? []), [referrals.data]);
  const complaintsReceived = byType.rows.reduce((sum, row) => sum + row.received, 0);
  const days = (n: number | null | undefined) => (n === null || n === undefined ? '—' : t.days(n));
  const channel = (c: string) => nameOf(fixed.channel, c);

  const kpis: { key: string; title: string; value: ReactNode; loading: boolean }[] = [
    { key: 'requests', title: t.requests, value: r?.total ?? '—', loading: requests.isPending },
    { key: 'open', title: t.open, value: r?.open ?? '—', loading: requests.isPending },
    { key: 'decided', title: t.decided, value: d?.decided ?? '—', loading: decisions.isPending },
    { key: 'approved', title: t.approved, value: d?.approved ?? '—', loading: decisions.isPending },
    { key: 'median', title: t.median, value: days(d?.medianDays), loading: decisions.isPending },
    { key: 'p90', title: t.p90, value: days(d?.p90Days), loading: decisions.isPending },
    { key: 'complaints', title: t.complaintsReceived, value: complaintsReceived, loading: byType.loading },
  ];

  const townshipChannels = r ? CHANNELS.filter((c) => r.byTownship.some((tw) => tw.byChannel[c])) : [];
  // The lowest scores first: those are the providers to look at.
  const providerRows = [...(scores.data?.items ?? [])].sort((a, b) => a.score - b.score).slice(0, 15);

  return (
    <>
      <PageHeader
        title={t.title}
        hint={t.hint}
        extra={<RefreshButton queryKey={COUNTY_KEY} testId="dashboard-refresh" />}
      />
      <Card style={{ marginBottom: 16 }}>
        <Space wrap data-testid="dashboard-filters">
          <label htmlFor="dashboard-range">{t.range}</label>
          <DatePicker.RangePicker
            id="dashboard-range"
            picker="month"
            allowClear={false}
            value={range}
            disabledDate={(day) => day.isAfter(dayjs(), 'month')}
            onChange={(v) => {
              if (!v?.[0] || !v[1]) return;
              // The services count at most 12 months at once: a longer range keeps its last 12.
              const start = v[1].diff(v[0], 'month') >= MAX_MONTHS ? v[1].subtract(MAX_MONTHS - 1, 'month') : v[0];
              setRange([start, v[1]]);
            }}
            data-testid="dashboard-range"
          />
          <Typography.Text type="secondary">{t.rangeHint}</Typography.Text>
        </Space>
      </Card>
      <Row gutter={[16, 16]} data-testid="dashboard-kpis">
        {kpis.map((k) => (
          <Col key={k.key} xs={12} md={8} xl={24 / 8}>
            <Card size="small">
              <Statistic
                title={k.title}
                value={k.loading ? '…' : (k.value as string | number)}
                data-testid={`kpi-${k.key}`}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={10}>
          <ChartCard
            title={t.requestsByChannel}
            testId="chart-requests-by-channel"
            loading={requests.isPending}
            error={requests.error}
            empty={!r?.total}
          >
            <Chart
              label={t.requestsByChannel}
              option={ring(
                t.requestsByChannel,
                (r?.byChannel ?? []).map((c) => ({ name: channel(c.channel), value: c.count })),
              )}
            />
          </ChartCard>
        </Col>
        <Col xs={24} xl={14}>
          <ChartCard
            title={t.requestsByTownship}
            testId="chart-requests-by-township"
            loading={requests.isPending}
            error={requests.error}
            empty={!r?.byTownship.length}
          >
            <Chart
              label={t.requestsByTownship}
              option={{
                tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                legend: { top: 0 },
                grid: { left: 48, right: 16, top: 40, bottom: 60 },
                xAxis: namesAxis((r?.byTownship ?? []).map((tw) => names.place(tw.township))),
                yAxis: { type: 'value', minInterval: 1, name: t.count },
                series: townshipChannels.map((c) => ({
                  name: channel(c),
                  type: 'bar',
                  barMaxWidth: 48,
                  stack: 'requests',
                  data: (r?.byTownship ?? []).map((tw) => tw.byChannel[c] ?? 0),
                })),
              }}
            />
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title={t.decisionByTownship}
            testId="chart-decision-times"
            note={d ? t.decisionNote(d.decided, d.approved, d.rejected) : undefined}
            loading={decisions.isPending}
            error={decisions.error}
            empty={!d?.decided}
          >
            <Chart
              label={t.decisionByTownship}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { top: 0 },
                grid: { left: 48, right: 48, top: 40, bottom: 60 },
                xAxis: namesAxis((d?.byTownship ?? []).map((tw) => names.place(tw.township))),
                yAxis: [
                  { type: 'value', name: t.daysAxis },
                  { type: 'value', name: t.count, minInterval: 1 },
                ],
                series: [
                  {
                    name: t.median,
                    type: 'bar',
                    barMaxWidth: 48,
                    data: (d?.byTownship ?? []).map((tw) => tw.medianDays ?? 0),
                  },
                  {
                    name: t.p90,
                    type: 'bar',
                    barMaxWidth: 48,
                    data: (d?.byTownship ?? []).map((tw) => tw.p90Days ?? 0),
                  },
                  {
                    name: t.decided,
                    type: 'line',
                    yAxisIndex: 1,
                    data: (d?.byTownship ?? []).map((tw) => tw.decided),
                  },
                ],
              }}
            />
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title={t.referralsByState}
            testId="chart-referrals-by-state"
            note={referrals.data ? t.referralsNote(referrals.data.total) : undefined}
            loading={referrals.isPending}
            error={referrals.error}
            empty={!referralStates.length}
          >
            <Chart
              label={t.referralsByState}
              option={{
                tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                grid: { left: 110, right: 24, top: 16, bottom: 24 },
                xAxis: { type: 'value', minInterval: 1 },
                yAxis: {
                  type: 'category',
                  inverse: true,
                  data: referralStates.map((s) => nameOf(fixed.referralStatus, s.status)),
                },
                series: [
                  {
                    name: t.count,
                    type: 'bar',
                    barMaxWidth: 48,
                    data: referralStates.map((s) => s.count),
                    label: { show: true, position: 'right' },
                  },
                ],
              }}
            />
          </ChartCard>
        </Col>
        <Col xs={24} xl={10}>
          <ChartCard
            title={t.complaintsByType}
            testId="chart-complaints-by-type"
            loading={byType.loading}
            error={byType.error}
            empty={!byType.rows.length}
          >
            <Chart
              label={t.complaintsByType}
              // complaints names a type by its Chinese name already.
              option={ring(
                t.complaintsByType,
                byType.rows.map((row) => ({ name: nameOf(fixed.complaintType, row.key), value: row.received })),
              )}
            />
          </ChartCard>
        </Col>
        <Col xs={24} xl={14}>
          <ChartCard
            title={t.providerScores}
            testId="chart-provider-scores"
            note={t.providerNote}
            loading={scores.isPending}
            error={scores.error}
            empty={!providerRows.length}
          >
            <Chart
              label={t.providerScores}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { top: 0 },
                grid: { left: 48, right: 48, top: 40, bottom: 70 },
                xAxis: namesAxis(providerRows.map((row) => names.provider(row.providerId))),
                yAxis: [
                  { type: 'value', name: t.score, min: 0, max: 100 },
                  { type: 'value', name: t.count, minInterval: 1 },
                ],
                series: [
                  {
                    name: t.score,
                    type: 'bar',
                    barMaxWidth: 48,
                    data: providerRows.map((row) => row.score),
                    label: { show: true, position: 'top' },
                  },
                  {
                    name: t.upheld,
                    type: 'line',
                    yAxisIndex: 1,
                    data: providerRows.map((row) => row.upheldComplaints),
                  },
                  {
                    name: t.ratings,
                    type: 'line',
                    yAxisIndex: 1,
                    data: providerRows.map((row) => row.ratings.count),
                  },
                ],
              }}
            />
          </ChartCard>
        </Col>
      </Row>
    </>
  );
}
