import { Button, Card, Descriptions, Drawer, Input, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useNames } from '../../api/directory';
import { pageOf } from '../../api/paging';
import type { ContractView } from '../../api/views';
import { PageHeader } from '../../components/page-header';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';
import { ItemTags } from '../township/cells';
import { ListError, MonthFilter, StatusTag, usePaging } from '../provider/list-parts';
import { contractState, inLifeOrder, providersOf, type ContractedProvider } from './county-figures';
import {
  useComplaintStatistics,
  useContracts,
  useOpenReferralCounts,
  useProviderScores,
  useReferralStatistics,
} from './queries';
import type { ComplaintStatisticsRow, ProviderScoresView, ReferralStatisticsView } from './views';

type Score = ProviderScoresView['items'][number];
type ReceiverFigures = ReferralStatisticsView['byReceiver'][number];

/** The referrals of the last 12 months (referral `GET /statistics` counts at most 12 months). */
function useYearOfReferrals() {
  const to = dayjs().format('YYYY-MM');
  const from = dayjs().subtract(11, 'month').format('YYYY-MM');
  const stats = useReferralStatistics(from, to);
  return {
    ...stats,
    of: (kind: 'provider' | 'department', code: string): ReceiverFigures | undefined =>
      stats.data?.byReceiver.find((r) => r.kind === kind && r.code === code),
  };
}

function StateCounts({ figures }: { figures: ReceiverFigures | undefined }) {
  const { names: fixed } = useLocale();
  const counts = inLifeOrder(Object.entries(figures?.byStatus ?? {}).map(([status, count]) => ({ status, count })));
  if (!counts.length) return <Typography.Text type="secondary">0</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap>
      {counts.map((c) => (
        <Tag key={c.status}>{`${nameOf(fixed.referralStatus, c.status)} ${c.count}`}</Tag>
      ))}
    </Space>
  );
}

/** The month's average rating (of 5) from the complaint statistics. */
function rating(row: ComplaintStatisticsRow | undefined, none: string) {
  return row?.rated ? (row.averageRatingTenths / 10).toFixed(1) : none;
}

/** A provider's score (0–100) as a tag: green from 90, orange from 60, red below. */
function ScoreTag({ score }: { score: Score | undefined }) {
  const { m } = useLocale();
  // A provider complaints has no facts about scores 100 (complaints' rule).
  const value = score?.score ?? 100;
  return (
    <Tooltip
      title={
        score
          ? m.county.providers.scoreDetail(
              score.ratings.count,
              score.ratings.averageTenths / 10,
              score.upheldComplaints,
            )
          : m.county.providers.noFacts
      }
    >
      <StatusTag color={value >= 90 ? 'green' : value >= 60 ? 'orange' : 'red'}>{value}</StatusTag>
    </Tooltip>
  );
}

function ProviderDrawer({
  provider,
  contracts,
  referrals,
  complaints,
  score,
  onClose,
}: {
  provider: ContractedProvider | undefined;
  contracts: ContractView[];
  referrals: ReceiverFigures | undefined;
  complaints: ComplaintStatisticsRow | undefined;
  score: Score | undefined;
  onClose: () => void;
}) {
  const { m } = useLocale();
  const t = m.county.providers;
  const names = useNames();
  const today = dayjs().format('YYYY-MM-DD');
  return (
    <Drawer
      open={Boolean(provider)}
      onClose={onClose}
      size={720}
      title={provider?.providerName}
      destroyOnHidden
      data-testid="provider-drawer"
    >
      {provider && (
        <>
          <Descriptions
            bordered
            size="small"
            column={2}
            items={[
              { key: 'id', label: t.providerId, children: provider.providerId },
              { key: 'capacity', label: t.capacity, children: m.county.contracts.perMonth(provider.monthlyCapacity) },
              { key: 'items', label: t.items, span: 2, children: <ItemTags codes={provider.itemCodes} /> },
              {
                key: 'townships',
                label: t.townships,
                span: 2,
                children: provider.townships.map((p) => names.place(p)).join('、'),
              },
              { key: 'referrals', label: t.referralsYear, span: 2, children: <StateCounts figures={referrals} /> },
              { key: 'score', label: t.score, children: <ScoreTag score={score} /> },
              { key: 'upheld', label: t.upheld, children: score?.upheldComplaints ?? 0 },
              { key: 'complaints', label: t.complaintsMonth, children: complaints?.received ?? 0 },
              { key: 'rating', label: t.rating, children: rating(complaints, t.noRating) },
            ]}
          />
          <Typography.Title level={3} style={{ fontSize: 16, marginTop: 20 }}>
            {t.contracts}
          </Typography.Title>
          <Table<ContractView>
            size="small"
            rowKey="contractId"
            dataSource={contracts}
            pagination={false}
            columns={[
              { title: t.items, key: 'items', render: (_, c) => <ItemTags codes={c.itemCodes} /> },
              {
                title: t.townships,
                key: 'townships',
                render: (_, c) => c.townships.map((p) => names.place(p)).join('、'),
              },
              { title: t.capacity, key: 'capacity', render: (_, c) => m.county.contracts.perMonth(c.monthlyCapacity) },
              {
                title: m.county.contracts.validity,
                key: 'validity',
                render: (_, c) => `${c.validFrom} ~ ${c.validTo}`,
              },
              {
                title: m.county.contracts.state,
                key: 'state',
                render: (_, c) => <Tag>{m.county.contracts.states[contractState(c, today)]}</Tag>,
              },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}

function ProvidersTab() {
  const { m } = useLocale();
  const t = m.county.providers;
  const names = useNames();
  const contracts = useContracts();
  const year = useYearOfReferrals();
  const scores = useProviderScores();
  const [month, setMonth] = useState<Dayjs>(() => dayjs());
  const complaints = useComplaintStatistics(month.format('YYYY-MM'), 'provider');
  const [q, setQ] = useState('');
  const [opened, setOpened] = useState<string>();
  const { paging, reset, table } = usePaging();
  const today = dayjs().format('YYYY-MM-DD');
  const all = useMemo(() => contracts.data?.items ?? [], [contracts.data]);
  const providers = useMemo(() => providersOf(all, today), [all, today]);
  const open = useOpenReferralCounts(providers.map((p) => ({ kind: 'provider' as const, code: p.providerId })));
  const scoreOf = (providerId: string) => scores.data?.items.find((x) => x.providerId === providerId);
  const complaintsOf = (providerId: string) => complaints.data?.rows.find((r) => r.key === providerId);
  const page = pageOf(
    { items: providers },
    paging,
    (p) => !q.trim() || p.providerName.includes(q.trim()) || p.providerId.includes(q.trim()),
  );
  const columns: ColumnsType<ContractedProvider> = [
    {
      title: t.provider,
      key: 'provider',
      render: (_, p) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>
            {names.directory?.providers.get(p.providerId)?.name ?? p.providerName}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.providerId}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t.contractsCount,
      key: 'contracts',
      render: (_, p) => (p.inForce ? t.inForceOf(p.inForce, p.contracts) : <Tag>{t.noneInForce}</Tag>),
    },
    { title: t.items, key: 'items', render: (_, p) => <ItemTags codes={p.itemCodes} /> },
    { title: t.townships, key: 'townships', render: (_, p) => p.townships.map((c) => names.place(c)).join('、') },
    { title: t.capacity, key: 'capacity', align: 'right', render: (_, p) => p.monthlyCapacity },
    {
      title: t.openReferrals,
      key: 'open',
      align: 'right',
      render: (_, p) => open.countOf('provider', p.providerId) ?? '…',
    },
    { title: t.score, key: 'score', render: (_, p) => <ScoreTag score={scoreOf(p.providerId)} /> },
    {
      title: t.upheld,
      key: 'upheld',
      align: 'right',
      render: (_, p) => {
        const n = scoreOf(p.providerId)?.upheldComplaints ?? 0;
        return n > 0 ? <span className="overdue">{n}</span> : 0;
      },
    },
    {
      title: t.complaintsMonth,
      key: 'complaints',
      align: 'right',
      render: (_, p) => complaintsOf(p.providerId)?.received ?? 0,
    },
    {
      title: t.rating,
      key: 'rating',
      align: 'right',
      render: (_, p) => rating(complaintsOf(p.providerId), t.noRating),
    },
    {
      title: m.common.actions,
      key: 'actions',
      render: (_, p) => (
        <Button
          size="small"
          onClick={() => setOpened(p.providerId)}
          data-testid="provider-detail"
          autoInsertSpace={false}
          aria-label={`${m.common.view} ${p.providerName}`}
        >
          {m.common.view}
        </Button>
      ),
    },
  ];
  const shown = providers.find((p) => p.providerId === opened);
  return (
    <>
      <Typography.Paragraph type="secondary">{t.providersHint}</Typography.Paragraph>
      <Space wrap className="filter-bar" data-testid="providers-filters">
        <Input.Search
          allowClear
          aria-label={t.search}
          placeholder={t.search}
          onSearch={(v) => {
            setQ(v);
            reset();
          }}
          style={{ width: 240 }}
        />
        <MonthFilter id="providers-month" label={t.complaintsOfMonth} value={month} onChange={setMonth} />
      </Space>
      <ListError error={contracts.error ?? year.error ?? scores.error ?? complaints.error ?? open.error} />
      <Table<ContractedProvider>
        rowKey="providerId"
        data-testid="providers-table"
        size="middle"
        loading={contracts.isFetching}
        columns={columns}
        dataSource={page.rows}
        pagination={table(page.total)}
        scroll={{ x: 'max-content' }}
      />
      <ProviderDrawer
        provider={shown}
        contracts={all.filter((c) => c.providerId === opened)}
        referrals={opened ? year.of('provider', opened) : undefined}
        complaints={opened ? complaintsOf(opened) : undefined}
        score={opened ? scoreOf(opened) : undefined}
        onClose={() => setOpened(undefined)}
      />
    </>
  );
}

interface DepartmentRow {
  code: string;
  name: string;
  items: string[];
}

function DepartmentsTab() {
  const { m } = useLocale();
  const t = m.county.providers;
  const names = useNames();
  const year = useYearOfReferrals();
  const { paging, table } = usePaging();
  const departments: DepartmentRow[] = [...(names.directory?.departments.values() ?? [])].map((d) => ({
    code: d.code,
    name: names.department(d.code),
    items: [...(names.directory?.items.values() ?? [])].filter((i) => i.department === d.code).map((i) => i.code),
  }));
  const open = useOpenReferralCounts(departments.map((d) => ({ kind: 'department' as const, code: d.code })));
  const page = pageOf({ items: departments }, paging, () => true);
  return (
    <>
      <Typography.Paragraph type="secondary">{t.departmentsHint}</Typography.Paragraph>
      <ListError error={year.error ?? open.error} />
      <Table<DepartmentRow>
        rowKey="code"
        data-testid="departments-table"
        size="middle"
        loading={year.isPending}
        dataSource={page.rows}
        pagination={table(page.total)}
        columns={[
          { title: t.department, key: 'name', render: (_, d) => <Typography.Text strong>{d.name}</Typography.Text> },
          { title: t.departmentItems, key: 'items', render: (_, d) => <ItemTags codes={d.items} /> },
          {
            title: t.openReferrals,
            key: 'open',
            align: 'right',
            render: (_, d) => open.countOf('department', d.code) ?? '…',
          },
          {
            title: t.referralsYear,
            key: 'states',
            render: (_, d) => <StateCounts figures={year.of('department', d.code)} />,
          },
        ]}
      />
    </>
  );
}

/**
 * 服务机构与部门: the providers the county contracts with (from the contracts in force: items, townships, monthly
 * capacity; their open referrals; the score referral ranks them by, a month's complaints and residents' rating)
 * and the departments that receive referrals (the items routed to each; their open referrals and the last 12
 * months' referrals by state).
 */
export default function ProvidersPage() {
  const { m } = useLocale();
  const t = m.county.providers;
  const [params, setParams] = useSearchParams();
  const active = params.get('tab') === 'departments' ? 'departments' : 'providers';
  return (
    <>
      <PageHeader title={t.title} hint={t.hint} />
      <Card>
        <Tabs
          data-testid="providers-tabs"
          activeKey={active}
          onChange={(key) => setParams({ tab: key }, { replace: true })}
          destroyOnHidden
          items={[
            { key: 'providers', label: t.tabProviders, children: <ProvidersTab /> },
            { key: 'departments', label: t.tabDepartments, children: <DepartmentsTab /> },
          ]}
        />
      </Card>
    </>
  );
}
