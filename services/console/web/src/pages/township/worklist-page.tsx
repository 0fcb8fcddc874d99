import { ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { lazy, Suspense, useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useNames } from '../../api/directory';
import type { CaseView, ComplaintView, ReferralView, RequestView } from '../../api/views';
import { useSession } from '../../auth/session';
import { Countdown, formatTime, Waiting } from '../../components/countdown';
import { PageHeader } from '../../components/page-header';
import { PageLoading } from '../../components/page-loading';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';
import { CaseLink, ChannelTag, ItemTags, MaskedId, PlaceCell } from './cells';
import {
  caseDueAt,
  escalationOf,
  listAssignedComplaints,
  listCases,
  listKey,
  listReferrals,
  listRequests,
  NEW_REQUESTS,
  REFERRAL_WAITING,
  useList,
  type CaseFilter,
  type ComplaintFilter,
  type ReferralFilter,
  type RequestFilter,
} from './queries';
import { FIRST_PAGE, ListError, usePaging } from './worklist-parts';

/** 待核实身份 (its drawer, recordings and ID-number form): loaded when the tab is opened, not with the worklist. */
const PendingIdentityTab = lazy(() =>
  import('./pending-identity-tab').then((tab) => ({ default: tab.PendingIdentityTab })),
);

/** The tabs' filters (worklist-filters.tsx), loaded with the first of them shown (FilterBar). */
const filters = () => import('./worklist-filters');
const NewRequestsFilters = lazy(() => filters().then((f) => ({ default: f.NewRequestsFilters })));
const CasesFilters = lazy(() => filters().then((f) => ({ default: f.CasesFilters })));
const InvestigationFilters = (p: { filter: CaseFilter; update: (change: Partial<CaseFilter>) => void }) => (
  <CasesFilters kind="investigation" {...p} />
);
const DecisionFilters = (p: { filter: CaseFilter; update: (change: Partial<CaseFilter>) => void }) => (
  <CasesFilters kind="decision" {...p} />
);
const ReferralsFilters = lazy(() => filters().then((f) => ({ default: f.ReferralsFilters })));
const ComplaintsFilters = lazy(() => filters().then((f) => ({ default: f.ComplaintsFilters })));

type TabKey = 'new' | 'identity' | 'investigation' | 'decision' | 'referral' | 'complaint';

/** Columns every case-like row has: number, applicant, masked ID, age, place, items, channel. */
function usePersonColumns<T>(
  get: (row: T) => {
    caseId: string;
    caseNumber: string;
    name?: string;
    idMasked?: string;
    age?: number;
    township?: string;
    village?: string;
    items: string[];
    channel?: string;
  },
): ColumnsType<T> {
  const { m } = useLocale();
  return [
    {
      title: m.common.caseNumber,
      key: 'caseNumber',
      render: (_: unknown, row: T) => {
        const r = get(row);
        return <CaseLink caseId={r.caseId} caseNumber={r.caseNumber} />;
      },
    },
    { title: m.common.applicant, key: 'name', render: (_: unknown, row: T) => get(row).name ?? '' },
    {
      title: m.common.idNumber,
      key: 'idMasked',
      render: (_: unknown, row: T) => <MaskedId value={get(row).idMasked} />,
    },
    {
      title: m.common.age,
      key: 'age',
      render: (_: unknown, row: T) => {
        const age = get(row).age;
        return age === undefined ? '' : m.common.ageYears(age);
      },
    },
    {
      title: `${m.common.township} / ${m.common.village}`,
      key: 'place',
      render: (_: unknown, row: T) => {
        const r = get(row);
        return <PlaceCell township={r.township} village={r.village} />;
      },
    },
    { title: m.common.items, key: 'items', render: (_: unknown, row: T) => <ItemTags codes={get(row).items} /> },
    {
      title: m.common.channel,
      key: 'channel',
      render: (_: unknown, row: T) => {
        const c = get(row).channel;
        return c ? <ChannelTag channel={c} /> : null;
      },
    },
  ];
}

/**
 * A tab's filters, drawn once its list's first rows are on the screen (then kept: the list keeps its previous page
 * while a new filter loads). The rows are what the caseworker opened the page for: drawn before or with them, the
 * filters' selects and date range (each laying out and measuring its input) would delay them, and take the browser's
 * time while the console answers, on a machine that does both. Their place is held meanwhile, so the table does not
 * move when they appear.
 *
 * Not in an effect of the render that drew the rows: React runs those effects before the browser paints when that
 * render is followed by a synchronous one (the table and the tabs measure themselves on mounting and render again),
 * and the filters would then be drawn in the same task as the rows. Instead, after the next frame (the rows painted),
 * in a task of its own; a hidden tab has no frames, so at most a moment later. Their code (worklist-filters.tsx) is
 * only fetched then.
 */
function FilterBar<F>({
  answered,
  testId,
  filters: Filters,
  filter,
  update,
}: {
  answered: boolean;
  testId: string;
  filters: ComponentType<{ filter: F; update: (change: Partial<F>) => void }>;
  filter: F;
  update: (change: Partial<F>) => void;
}) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!answered || shown) return;
    return afterPaint(() => setShown(true));
  }, [answered, shown]);
  const waiting = <div className="filter-bar filter-bar-waiting" data-testid={`${testId}-waiting`} />;
  if (!shown) return waiting;
  return (
    <Suspense fallback={waiting}>
      <Space wrap className="filter-bar" data-testid={testId}>
        <Filters filter={filter} update={update} />
      </Space>
    </Suspense>
  );
}

/** Runs `then` in a task of its own after the next frame was painted (at most 200 ms later); returns its cancel. */
function afterPaint(then: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    clearTimeout(fallback);
    timer = setTimeout(then);
  });
  const fallback = setTimeout(() => {
    cancelAnimationFrame(frame);
    then();
  }, 200);
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(fallback);
    clearTimeout(timer);
  };
}

// ---- 新申请 ----

function NewRequestsTab() {
  const { m } = useLocale();
  const { paging, reset, table } = usePaging();
  const [filter, setFilter] = useState<RequestFilter>(NEW_REQUESTS);
  const update = (f: Partial<RequestFilter>) => {
    setFilter((old) => ({ ...old, ...f }));
    reset();
  };
  const list = useList('requests', filter, paging, listRequests);
  const columns: ColumnsType<RequestView> = [
    ...usePersonColumns<RequestView>((r) => ({
      caseId: r.caseId,
      caseNumber: r.caseNumber,
      name: r.applicant?.name,
      idMasked: r.applicant?.idNumberMasked,
      age: r.applicant?.ageAtRegistration,
      township: r.address?.township,
      village: r.address?.village,
      items: r.items,
      channel: r.channel,
    })),
    { title: m.common.receivedAt, key: 'registeredAt', render: (_, r) => formatTime(r.registeredAt) },
    { title: m.common.timeLimit, key: 'waiting', render: (_, r) => <Waiting since={r.registeredAt} /> },
    {
      title: m.common.actions,
      key: 'actions',
      render: (_, r) => (
        <Link to={`/cases/${encodeURIComponent(r.caseId)}`} aria-label={`${m.common.open} ${r.caseNumber}`}>
          {m.common.open}
        </Link>
      ),
    },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">{m.worklist.newHint}</Typography.Paragraph>
      <FilterBar
        answered={list.data !== undefined || list.isError}
        testId="worklist-new-filters"
        filters={NewRequestsFilters}
        filter={filter}
        update={update}
      />
      <ListError error={list.error} />
      <Table<RequestView>
        rowKey="caseId"
        data-testid="worklist-new-table"
        size="middle"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.rows}
        pagination={table(list.data?.total, list.data?.capped)}
        className="worklist-table"
      />
    </>
  );
}

// ---- 待入户调查 / 待审核 ----

function CasesTab({ kind }: { kind: 'investigation' | 'decision' }) {
  const { m, names } = useLocale();
  const { paging, reset, table } = usePaging();
  const session = useSession();
  const county = session.data?.account.role === 'county_officer';
  const [filter, setFilter] = useState<CaseFilter>({
    status: kind === 'investigation' ? ['investigating'] : [county ? 'awaiting_county' : 'investigated'],
    sort: 'due',
  });
  const update = (f: Partial<CaseFilter>) => {
    setFilter((old) => ({ ...old, ...f }));
    reset();
  };
  const list = useList(`cases-${kind}`, filter, paging, listCases);
  const columns: ColumnsType<CaseView> = [
    ...usePersonColumns<CaseView>((c) => ({
      caseId: c.caseId,
      caseNumber: c.caseNumber,
      name: c.person.name,
      idMasked: c.person.idNumberMasked,
      age: c.person.ageAtRegistration,
      township: c.address.township,
      village: c.address.village,
      items: c.itemCodes,
      channel: c.channel,
    })),
    kind === 'investigation'
      ? {
          title: m.worklist.team,
          key: 'team',
          render: (_, c) => c.investigation?.team.map((t) => t.name).join('、') ?? '',
        }
      : {
          title: m.common.status,
          key: 'status',
          render: (_, c) => (
            <Space size={4}>
              <Tag>{nameOf(names.caseStatus, c.status)}</Tag>
              {(c.escalatedLevels?.length ?? 0) > 0 && <Tag color="red">{m.worklist.escalated}</Tag>}
            </Space>
          ),
        },
    { title: m.common.receivedAt, key: 'openedAt', render: (_, c) => formatTime(c.openedAt) },
    {
      title: kind === 'investigation' ? m.worklist.investigationDue : m.worklist.decisionDue,
      key: 'due',
      render: (_, c) => (
        <Countdown dueAt={caseDueAt(c)} overdue={kind === 'investigation' && c.investigation?.overdue} />
      ),
    },
    {
      title: m.common.actions,
      key: 'actions',
      render: (_, c) => (
        <Link to={`/cases/${encodeURIComponent(c.caseId)}`} aria-label={`${m.common.open} ${c.caseNumber}`}>
          {m.common.open}
        </Link>
      ),
    },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">
        {kind === 'investigation' ? m.worklist.investigationHint : m.worklist.decisionHint}
      </Typography.Paragraph>
      <FilterBar
        answered={list.data !== undefined || list.isError}
        testId={`worklist-${kind}-filters`}
        filters={kind === 'investigation' ? InvestigationFilters : DecisionFilters}
        filter={filter}
        update={update}
      />
      <ListError error={list.error} />
      <Table<CaseView>
        rowKey="caseId"
        data-testid={`worklist-${kind}-table`}
        size="middle"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.rows}
        pagination={table(list.data?.total, list.data?.capped)}
        className="worklist-table"
      />
    </>
  );
}

// ---- 转介待处理 ----

function ReferralsTab() {
  const { m, names } = useLocale();
  const itemNames = useNames();
  const { paging, reset, table } = usePaging();
  const [filter, setFilter] = useState<ReferralFilter>({ status: REFERRAL_WAITING });
  const update = (f: Partial<ReferralFilter>) => {
    setFilter((old) => ({ ...old, ...f }));
    reset();
  };
  const list = useList('referrals', filter, paging, listReferrals);
  const allColumns: ColumnsType<ReferralView> = [
    {
      title: m.common.caseNumber,
      key: 'caseNumber',
      render: (_, r) => <CaseLink caseId={r.caseId} caseNumber={r.caseNumber} />,
    },
    { title: m.common.applicant, key: 'name', render: (_, r) => r.person.name },
    { title: m.common.idNumber, key: 'idMasked', render: (_, r) => <MaskedId value={r.person.idNumberMasked} /> },
    {
      title: m.common.age,
      key: 'age',
      render: (_, r) => (r.person.ageAtRegistration === undefined ? '' : m.common.ageYears(r.person.ageAtRegistration)),
    },
    { title: m.common.township, key: 'township', render: (_, r) => itemNames.place(r.township) },
    { title: m.common.item, key: 'item', render: (_, r) => <ItemTags codes={[r.itemCode]} /> },
    {
      title: m.worklist.referralStatus,
      key: 'status',
      render: (_, r) => (
        <Space size={4} wrap>
          <Tag color={r.status === 'awaiting_provider' ? 'red' : 'orange'}>
            {nameOf(names.referralStatus, r.status)}
          </Tag>
          {(r.attempt ?? 1) > 1 && <Tag>{m.worklist.attempts(r.attempt ?? 1)}</Tag>}
        </Space>
      ),
    },
    {
      title: m.referralPanel.reason,
      key: 'reason',
      render: (_, r) => {
        const e = escalationOf(r);
        return r.status === 'awaiting_provider' ? (e.reason ?? '') : '';
      },
    },
    { title: m.referralPanel.createdAt, key: 'createdAt', render: (_, r) => formatTime(r.createdAt) },
    {
      title: m.common.timeLimit,
      key: 'waiting',
      render: (_, r) => <Waiting since={escalationOf(r).at ?? r.createdAt} />,
    },
    {
      title: m.common.actions,
      key: 'actions',
      render: (_, r) => (
        <Link
          to={`/cases/${encodeURIComponent(r.caseId)}?tab=referrals`}
          aria-label={`${m.common.open} ${r.caseNumber}`}
        >
          {m.common.open}
        </Link>
      ),
    },
  ];
  // The masked ID and age show when referral gives them (its rows carry the person's name at least).
  const detailed = (list.data?.rows ?? []).some((r) => r.person.idNumberMasked !== undefined);
  const columns = allColumns.filter((c) => detailed || (c.key !== 'idMasked' && c.key !== 'age'));
  return (
    <>
      <Typography.Paragraph type="secondary">{m.worklist.referralHint}</Typography.Paragraph>
      <FilterBar
        answered={list.data !== undefined || list.isError}
        testId="worklist-referral-filters"
        filters={ReferralsFilters}
        filter={filter}
        update={update}
      />
      <ListError error={list.error} />
      <Table<ReferralView>
        rowKey="referralId"
        data-testid="worklist-referral-table"
        size="middle"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.rows}
        pagination={table(list.data?.total, list.data?.capped)}
        className="worklist-table"
      />
    </>
  );
}

// ---- 投诉待办 ----

function ComplaintsTab() {
  const { m, names } = useLocale();
  const places = useNames();
  const { paging, reset, table } = usePaging();
  const [filter, setFilter] = useState<ComplaintFilter>({});
  const update = (f: Partial<ComplaintFilter>) => {
    setFilter((old) => ({ ...old, ...f }));
    reset();
  };
  const list = useList('complaints', filter, paging, listAssignedComplaints);
  const columns: ColumnsType<ComplaintView> = [
    { title: m.worklist.complaintNumber, key: 'number', dataIndex: 'complaintNumber' },
    {
      title: m.worklist.complaintType,
      key: 'type',
      render: (_, c) => (
        <Space size={4}>
          <Tag color={c.kind === 'complaint' ? 'volcano' : 'cyan'}>{nameOf(names.complaintKind, c.kind)}</Tag>
          <span>{nameOf(names.complaintType, c.type)}</span>
        </Space>
      ),
    },
    {
      title: m.common.caseNumber,
      key: 'case',
      render: (_, c) => {
        const caseId = c.caseId ?? c.about.caseId;
        const caseNumber = c.caseNumber ?? c.about.caseNumber;
        return caseId && caseNumber ? <CaseLink caseId={caseId} caseNumber={caseNumber} /> : '';
      },
    },
    { title: m.common.township, key: 'township', render: (_, c) => places.place(c.township ?? c.about.township) },
    {
      title: m.worklist.complaintSummary,
      key: 'summary',
      // Two lines at most, the whole text on hover (CSS, not antd's ellipsis, which measures every row's text).
      render: (_, c) => (
        <span className="complaint-summary" title={c.summary}>
          {c.summary}
        </span>
      ),
    },
    { title: m.common.channel, key: 'channel', render: (_, c) => <ChannelTag channel={c.channel} /> },
    {
      title: m.worklist.complaintStatus,
      key: 'status',
      render: (_, c) => (
        <Space size={4}>
          <Tag>{nameOf(names.complaintStatus, c.status)}</Tag>
          {c.escalated && <Tag color="red">{m.worklist.escalated}</Tag>}
        </Space>
      ),
    },
    { title: m.common.receivedAt, key: 'receivedAt', render: (_, c) => formatTime(c.receivedAt) },
    {
      title: m.worklist.resolveBy,
      key: 'due',
      render: (_, c) => (
        <Countdown
          dueAt={c.due?.dueAt ?? (c.status === 'received' ? c.acknowledgeBy : c.resolveBy)}
          overdue={c.due?.overdue}
        />
      ),
    },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">{m.worklist.complaintHint}</Typography.Paragraph>
      <FilterBar
        answered={list.data !== undefined || list.isError}
        testId="worklist-complaint-filters"
        filters={ComplaintsFilters}
        filter={filter}
        update={update}
      />
      <ListError error={list.error} />
      <Table<ComplaintView>
        rowKey="complaintId"
        data-testid="worklist-complaint-table"
        size="middle"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.rows}
        pagination={table(list.data?.total, list.data?.capped)}
        className="worklist-table"
      />
    </>
  );
}

// ---- the page ----

/**
 * How many wait in each tab (the tab's first filter), for the badges: the total of the tab's first page, read as the
 * tab reads it, so the open tab's list and its badge are one request and the other tabs open on a page already read.
 * The other tabs are counted once the open tab's first page has answered: until then their four requests would
 * compete with it for the console and the services, and their answers would render the page again before its rows.
 */
function useCounts(tabs: TabKey[], county: boolean, active: TabKey) {
  const queryClient = useQueryClient();
  const firstFilter = {
    new: ['requests', NEW_REQUESTS],
    investigation: ['cases-investigation', { status: ['investigating'], sort: 'due' } as CaseFilter],
    decision: ['cases-decision', { status: [county ? 'awaiting_county' : 'investigated'], sort: 'due' } as CaseFilter],
    referral: ['referrals', { status: REFERRAL_WAITING } as ReferralFilter],
    complaint: ['complaints', {} as ComplaintFilter],
  } as const;
  const opened = active === 'identity' ? undefined : firstFilter[active];
  const openAnswered =
    !opened || queryClient.getQueryState(listKey(opened[0], opened[1], FIRST_PAGE))?.status !== 'pending';
  const enabled = (k: Exclude<TabKey, 'identity'>) => tabs.includes(k) && (k === active || openAnswered);
  return {
    new: useList(firstFilter.new[0], firstFilter.new[1], FIRST_PAGE, listRequests, enabled('new')).data?.total,
    investigation: useList(
      firstFilter.investigation[0],
      firstFilter.investigation[1],
      FIRST_PAGE,
      listCases,
      enabled('investigation'),
    ).data?.total,
    decision: useList(firstFilter.decision[0], firstFilter.decision[1], FIRST_PAGE, listCases, enabled('decision')).data
      ?.total,
    referral: useList(firstFilter.referral[0], firstFilter.referral[1], FIRST_PAGE, listReferrals, enabled('referral'))
      .data?.total,
    complaint: useList(
      firstFilter.complaint[0],
      firstFilter.complaint[1],
      FIRST_PAGE,
      listAssignedComplaints,
      enabled('complaint'),
    ).data?.total,
  } satisfies Record<Exclude<TabKey, 'identity'>, number | undefined>;
}

export default function WorklistPage() {
  const { m } = useLocale();
  const session = useSession();
  const queryClient = useQueryClient();
  const role = session.data?.account.role;
  const [params, setParams] = useSearchParams();
  // Village coordinators report needs and investigate; calling first-time callers back, deciding, referring and
  // complaints are the township's.
  const tabs: TabKey[] =
    role === 'village_coordinator'
      ? ['new', 'investigation']
      : ['new', 'identity', 'investigation', 'decision', 'referral', 'complaint'];
  const requested = params.get('tab') as TabKey | null;
  const active: TabKey = requested && tabs.includes(requested) ? requested : tabs[0]!;
  const counts = useCounts(tabs, role === 'county_officer', active);

  const label = (text: string, count: number | undefined) => (
    <Space size={6}>
      {text}
      {count !== undefined && <Badge count={count} overflowCount={999} showZero={false} color="#c8102e" />}
    </Space>
  );
  const panes: Record<TabKey, { label: ReactNode; children: ReactNode }> = {
    new: { label: label(m.worklist.tabNew, counts.new), children: <NewRequestsTab /> },
    // No count: reading the list reads the callers' numbers (audited), only when the tab is opened.
    identity: {
      label: label(m.township.pendingIdentity.tab, undefined),
      children: (
        <Suspense fallback={<PageLoading />}>
          <PendingIdentityTab />
        </Suspense>
      ),
    },
    investigation: {
      label: label(m.worklist.tabInvestigation, counts.investigation),
      children: <CasesTab kind="investigation" />,
    },
    decision: { label: label(m.worklist.tabDecision, counts.decision), children: <CasesTab kind="decision" /> },
    referral: { label: label(m.worklist.tabReferral, counts.referral), children: <ReferralsTab /> },
    complaint: { label: label(m.worklist.tabComplaint, counts.complaint), children: <ComplaintsTab /> },
  };

  return (
    <>
      <PageHeader
        title={m.worklist.title}
        hint={m.worklist.subtitle}
        extra={
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void queryClient.invalidateQueries({ queryKey: ['township'] })}
            data-testid="worklist-refresh"
          >
            {m.common.refresh}
          </Button>
        }
      />
      <Card>
        <Tabs
          data-testid="worklist-tabs"
          activeKey={active}
          onChange={(key) => setParams({ tab: key }, { replace: true })}
          destroyOnHidden
          items={tabs.map((key) => ({ key, ...panes[key] }))}
        />
      </Card>
    </>
  );
}
