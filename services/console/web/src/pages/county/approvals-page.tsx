import { useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useNames } from '../../api/directory';
import type { PageRequest } from '../../api/paging';
import type { CaseView, ComplaintView, ReferralView } from '../../api/views';
import { Countdown, formatTime, Waiting } from '../../components/countdown';
import { ModeName, ReceiverCell } from '../../components/referral-receiver';
import { PageHeader } from '../../components/page-header';
import { PlaceSelect } from '../../components/place-select';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';
import { ComplaintDrawer } from '../hotline/complaint-drawer';
import { CaseLink, ChannelTag, ItemTags, MaskedId, PlaceCell } from '../township/cells';
import { ItemSelect, ListError, OverdueSwitch, RefreshButton, StatusTag, useFilter } from '../provider/list-parts';
import {
  COUNTY_KEY,
  listCases,
  listComplaints,
  listReferrals,
  useCountyList,
  type CountyCaseFilter,
  type CountyComplaintFilter,
  type CountyReferralFilter,
} from './queries';

type TabKey = 'county' | 'overdue' | 'referrals' | 'complaints';
const TABS: TabKey[] = ['county', 'overdue', 'referrals', 'complaints'];
const ONE: PageRequest = { page: 1, pageSize: 1 };

const openLink = (caseId: string, caseNumber: string, label: string, tab?: string) => (
  <Link
    to={`/cases/${encodeURIComponent(caseId)}${tab ? `?tab=${tab}` : ''}`}
    aria-label={`${label} ${caseNumber}`}
    data-testid="approval-open-case"
  >
    {label}
  </Link>
);

/** The columns of a case row: number, applicant, masked ID, age, place, items, channel. */
function useCaseColumns(): ColumnsType<CaseView> {
  const { m } = useLocale();
  return [
    {
      title: m.common.caseNumber,
      key: 'caseNumber',
      render: (_, c) => <CaseLink caseId={c.caseId} caseNumber={c.caseNumber} />,
    },
    { title: m.common.applicant, key: 'name', render: (_, c) => c.person.name },
    { title: m.common.idNumber, key: 'id', render: (_, c) => <MaskedId value={c.person.idNumberMasked} /> },
    {
      title: m.common.age,
      key: 'age',
      render: (_, c) => (c.person.ageAtRegistration === undefined ? '' : m.common.ageYears(c.person.ageAtRegistration)),
    },
    {
      title: `${m.common.township} / ${m.common.village}`,
      key: 'place',
      render: (_, c) => <PlaceCell township={c.address.township} village={c.address.village} />,
    },
    { title: m.common.items, key: 'items', render: (_, c) => <ItemTags codes={c.itemCodes} /> },
    { title: m.common.channel, key: 'channel', render: (_, c) => <ChannelTag channel={c.channel} /> },
  ];
}

// ---- 待县级审批 / 超期个案 ----

function CasesTab({ kind }: { kind: 'county' | 'overdue' }) {
  const { m, names: fixed } = useLocale();
  const t = m.county.approvals;
  const names = useNames();
  const { filter, update, paging, table } = useFilter<CountyCaseFilter>(
    kind === 'county'
      ? { status: ['awaiting_county'] }
      : { status: ['investigating', 'investigated', 'awaiting_county'], overdue: true },
  );
  const list = useCountyList(`cases-${kind}`, filter, paging, listCases);
  const countyLevel = names.directory?.approvalLevels?.includes('county');
  const columns: ColumnsType<CaseView> = [
    ...useCaseColumns(),
    {
      title: m.common.status,
      key: 'status',
      render: (_, c) => (
        <Space size={4} wrap>
          <Tag>{nameOf(fixed.caseStatus, c.status)}</Tag>
          {(c.escalatedLevels?.length ?? 0) > 0 && <StatusTag color="red">{t.escalated}</StatusTag>}
        </Space>
      ),
    },
    ...(kind === 'overdue'
      ? [{ title: t.waitsFor, key: 'waits', render: (_: unknown, c: CaseView) => (c.due ? t.dueKind[c.due.kind] : '') }]
      : []),
    {
      title: kind === 'county' ? t.decisionDue : m.common.timeLimit,
      key: 'due',
      render: (_, c) => <Countdown dueAt={c.due?.dueAt ?? c.decisionDueAt} overdue={c.due?.overdue} />,
    },
    {
      title: m.common.actions,
      key: 'actions',
      render: (_, c) =>
        openLink(c.caseId, c.caseNumber, kind === 'county' && c.status === 'awaiting_county' ? t.approve : t.supervise),
    },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">{kind === 'county' ? t.countyHint : t.overdueHint}</Typography.Paragraph>
      {kind === 'county' && countyLevel === false && (
        <Alert type="info" showIcon title={t.noCountyLevel} style={{ marginBottom: 12 }} />
      )}
      <Space wrap className="filter-bar" data-testid={`approvals-${kind}-filters`}>
        <PlaceSelect level="township" value={filter.township} onChange={(township) => update({ township })} />
        <ItemSelect value={filter.item} onChange={(item) => update({ item })} />
        {kind === 'overdue' && (
          <Select
            mode="multiple"
            aria-label={m.common.status}
            placeholder={m.common.status}
            value={filter.status}
            onChange={(status: CountyCaseFilter['status']) =>
              update({ status: status.length ? status : ['investigating', 'investigated', 'awaiting_county'] })
            }
            options={(['investigating', 'investigated', 'awaiting_county'] as const).map((s) => ({
              value: s,
              label: nameOf(fixed.caseStatus, s),
            }))}
            style={{ minWidth: 260 }}
          />
        )}
        {kind === 'county' && (
          <OverdueSwitch
            id="approvals-overdue"
            checked={Boolean(filter.overdue)}
            onChange={(overdue) => update({ overdue })}
          />
        )}
      </Space>
      <ListError error={list.error} />
      <Table<CaseView>
        rowKey="caseId"
        data-testid={`approvals-${kind}-table`}
        size="middle"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.rows}
        pagination={table(list.data?.total)}
        scroll={{ x: 'max-content' }}
      />
    </>
  );
}

// ---- 转介督办 ----

function ReferralsTab() {
  const { m, names: fixed } = useLocale();
  const t = m.county.approvals;
  const names = useNames();
  const { filter, update, paging, table } = useFilter<CountyReferralFilter>({ kind: 'escalated' });
  const list = useCountyList('referrals', filter, paging, listReferrals);
  const lastEscalation = (r: ReferralView) => {
    if (r.escalatedAt || r.escalationReason) return { at: r.escalatedAt, reason: r.escalationReason };
    const last = [...(r.history ?? [])].reverse().find((h) => h.to === 'awaiting_provider');
    return { at: last?.at, reason: last?.reason };
  };
  const columns: ColumnsType<ReferralView> = [
    {
      title: m.common.caseNumber,
      key: 'case',
      render: (_, r) => <CaseLink caseId={r.caseId} caseNumber={r.caseNumber} />,
    },
    { title: m.common.applicant, key: 'name', render: (_, r) => r.person.name },
    { title: m.common.township, key: 'township', render: (_, r) => names.place(r.township) },
    { title: m.common.item, key: 'item', render: (_, r) => <ItemTags codes={[r.itemCode]} /> },
    { title: m.referralPanel.mode, key: 'mode', render: (_, r) => <ModeName mode={r.mode} /> },
    { title: t.receiver, key: 'receiver', render: (_, r) => <ReceiverCell route={r.route} /> },
    {
      title: m.worklist.referralStatus,
      key: 'status',
      render: (_, r) => (
        <Space size={4} wrap>
          <StatusTag color={r.status === 'awaiting_provider' ? 'red' : 'orange'}>
            {nameOf(fixed.referralStatus, r.status)}
          </StatusTag>
          {(r.attempt ?? 1) > 1 && <Tag>{m.worklist.attempts(r.attempt ?? 1)}</Tag>}
        </Space>
      ),
    },
    {
      title: m.referralPanel.reason,
      key: 'reason',
      render: (_, r) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: true }} style={{ marginBottom: 0, maxWidth: 260 }}>
          {r.status === 'awaiting_provider' ? (lastEscalation(r).reason ?? '') : ''}
        </Typography.Paragraph>
      ),
    },
    {
      title: m.common.timeLimit,
      key: 'due',
      render: (_, r) =>
        r.status === 'awaiting_provider' ? (
          <Waiting since={lastEscalation(r).at ?? r.createdAt} />
        ) : (
          <Countdown dueAt={r.answerDueAt} />
        ),
    },
    {
      title: m.common.actions,
      key: 'actions',
      render: (_, r) => openLink(r.caseId, r.caseNumber, t.supervise, 'referrals'),
    },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">{t.referralsHint}</Typography.Paragraph>
      <Space wrap className="filter-bar" data-testid="approvals-referrals-filters">
        <Select
          aria-label={t.referralKind}
          value={filter.kind}
          onChange={(kind: CountyReferralFilter['kind']) => update({ kind })}
          options={(['escalated', 'overdue_answer'] as const).map((k) => ({ value: k, label: t.referralKinds[k] }))}
          style={{ minWidth: 200 }}
          data-testid="approvals-referral-kind"
        />
        <PlaceSelect level="township" value={filter.township} onChange={(township) => update({ township })} />
        <ItemSelect value={filter.itemCode} onChange={(itemCode) => update({ itemCode })} />
      </Space>
      <ListError error={list.error} />
      <Table<ReferralView>
        rowKey="referralId"
        data-testid="approvals-referrals-table"
        size="middle"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.rows}
        pagination={table(list.data?.total)}
        scroll={{ x: 'max-content' }}
      />
    </>
  );
}

// ---- 投诉督办 ----

function ComplaintsTab() {
  const { m, names: fixed } = useLocale();
  const t = m.county.approvals;
  const names = useNames();
  const { filter, update, paging, table } = useFilter<CountyComplaintFilter>({ scope: 'escalated' });
  const list = useCountyList('complaints', filter, paging, listComplaints);
  const queryClient = useQueryClient();
  // The complaint opens in the hotline's drawer (details, recordings, history, and the moves a county handler
  // makes: acknowledge, assign, investigate, resolve, close); the county's lists are read again when it closes.
  const [open, setOpen] = useState<string>();
  const about = (c: ComplaintView) =>
    [
      c.about.providerId ? names.provider(c.about.providerId) : '',
      c.caseNumber ?? c.about.caseNumber ?? '',
      names.place(c.township ?? c.about.township),
    ]
      .filter(Boolean)
      .join(' · ');
  const columns: ColumnsType<ComplaintView> = [
    { title: m.worklist.complaintNumber, key: 'number', dataIndex: 'complaintNumber' },
    {
      title: m.worklist.complaintType,
      key: 'type',
      render: (_, c) => (
        <Space size={4} wrap>
          <StatusTag color={c.kind === 'complaint' ? 'volcano' : 'geekblue'}>
            {nameOf(fixed.complaintKind, c.kind)}
          </StatusTag>
          {nameOf(fixed.complaintType, c.type)}
        </Space>
      ),
    },
    { title: t.about, key: 'about', render: (_, c) => about(c) },
    {
      title: m.worklist.complaintSummary,
      key: 'summary',
      render: (_, c) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: c.summary }} style={{ marginBottom: 0, maxWidth: 300 }}>
          {c.summary}
        </Typography.Paragraph>
      ),
    },
    {
      title: t.assignee,
      key: 'assignee',
      render: (_, c) =>
        c.assignee
          ? `${nameOf(fixed.level, c.assignee.level)} · ${
              c.assignee.level === 'provider' ? names.provider(c.assignee.unit) : names.place(c.assignee.unit)
            }`
          : '',
    },
    {
      title: m.worklist.complaintStatus,
      key: 'status',
      render: (_, c) => (
        <Space size={4}>
          <Tag>{nameOf(fixed.complaintStatus, c.status)}</Tag>
          {c.escalated && <StatusTag color="red">{t.escalated}</StatusTag>}
        </Space>
      ),
    },
    { title: m.common.receivedAt, key: 'receivedAt', render: (_, c) => formatTime(c.receivedAt) },
    {
      title: m.worklist.resolveBy,
      key: 'due',
      render: (_, c) => <Countdown dueAt={c.status === 'received' ? c.acknowledgeBy : c.resolveBy} />,
    },
    {
      title: m.common.actions,
      key: 'actions',
      render: (_, c) => (
        <Button
          size="small"
          onClick={() => setOpen(c.complaintId)}
          data-testid="approval-complaint-open"
          autoInsertSpace={false}
          aria-label={`${t.handle} ${c.complaintNumber}`}
        >
          {t.handle}
        </Button>
      ),
    },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">{t.complaintsHint}</Typography.Paragraph>
      <Space wrap className="filter-bar" data-testid="approvals-complaints-filters">
        <Select
          aria-label={t.complaintScope}
          value={filter.scope}
          onChange={(scope: CountyComplaintFilter['scope']) => update({ scope })}
          options={(['escalated', 'county'] as const).map((s) => ({ value: s, label: t.complaintScopes[s] }))}
          style={{ minWidth: 180 }}
        />
        <Select
          aria-label={t.provider}
          placeholder={t.provider}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          value={filter.providerId}
          onChange={(providerId: string | undefined) => update({ providerId })}
          options={[...(names.directory?.providers.values() ?? [])].map((p) => ({ value: p.code, label: p.name }))}
          style={{ minWidth: 200 }}
        />
        <OverdueSwitch
          id="complaints-overdue"
          checked={Boolean(filter.overdue)}
          onChange={(overdue) => update({ overdue })}
        />
      </Space>
      <ListError error={list.error} />
      <Table<ComplaintView>
        rowKey="complaintId"
        data-testid="approvals-complaints-table"
        size="middle"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.rows}
        pagination={table(list.data?.total)}
        scroll={{ x: 'max-content' }}
      />
      <ComplaintDrawer
        complaintId={open}
        onClose={() => {
          setOpen(undefined);
          void queryClient.invalidateQueries({ queryKey: [COUNTY_KEY] });
        }}
      />
    </>
  );
}

// ---- the page ----

/**
 * 审批督办: what waits for the county — cases the region's chain sends to county approval (Changji), and the
 * escalations of the jurisdiction: cases past their time limits, referrals nobody took (or not answered in time),
 * complaints escalated past their limits or assigned to the county. A case opens on the case page, where the
 * county decides (county approval) or routes a referral.
 */
export default function ApprovalsPage() {
  const { m } = useLocale();
  const t = m.county.approvals;
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab') as TabKey | null;
  const active: TabKey = requested && TABS.includes(requested) ? requested : 'county';
  const counts: Record<TabKey, number | undefined> = {
    county: useCountyList('cases-county', { status: ['awaiting_county'] } as CountyCaseFilter, ONE, listCases).data
      ?.total,
    overdue: useCountyList(
      'cases-overdue',
      { status: ['investigating', 'investigated', 'awaiting_county'], overdue: true } as CountyCaseFilter,
      ONE,
      listCases,
    ).data?.total,
    referrals: useCountyList('referrals', { kind: 'escalated' } as CountyReferralFilter, ONE, listReferrals).data
      ?.total,
    complaints: useCountyList('complaints', { scope: 'escalated' } as CountyComplaintFilter, ONE, listComplaints).data
      ?.total,
  };
  const label = (text: string, count: number | undefined) => (
    <Space size={6}>
      {text}
      {count !== undefined && <Badge count={count} overflowCount={999} showZero={false} color="#c8102e" />}
    </Space>
  );
  const panes: Record<TabKey, { label: ReactNode; children: ReactNode }> = {
    county: { label: label(t.tabCounty, counts.county), children: <CasesTab kind="county" /> },
    overdue: { label: label(t.tabOverdue, counts.overdue), children: <CasesTab kind="overdue" /> },
    referrals: { label: label(t.tabReferrals, counts.referrals), children: <ReferralsTab /> },
    complaints: { label: label(t.tabComplaints, counts.complaints), children: <ComplaintsTab /> },
  };
  return (
    <>
      <PageHeader
        title={t.title}
        hint={t.hint}
        extra={<RefreshButton queryKey={COUNTY_KEY} testId="approvals-refresh" />}
      />
      <Card>
        <Tabs
          data-testid="approvals-tabs"
          activeKey={active}
          onChange={(key) => setParams({ tab: key }, { replace: true })}
          destroyOnHidden
          items={TABS.map((key) => ({ key, ...panes[key] }))}
        />
      </Card>
    </>
  );
}
