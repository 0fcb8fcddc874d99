import { App, Badge, Button, Card, Input, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useNames } from '../../api/directory';
import { errorMessage } from '../../api/problem';
import { Countdown, formatTime } from '../../components/countdown';
import { PageHeader } from '../../components/page-header';
import { PlaceSelect } from '../../components/place-select';
import { useLocale } from '../../i18n/locale';
import { ItemTags } from '../township/cells';
import { AssignmentDrawer } from './assignment-drawer';
import { ItemSelect, ListError, RefreshButton, StatusTag, usePaging } from './list-parts';
import {
  assignmentPage,
  PROVIDER_KEY,
  stageCounts,
  useAccept,
  useProviderAssignments,
  useReferralAnswer,
  type AssignmentFilter,
  type AssignmentRow,
  type AssignmentStage,
} from './queries';
import { ReasonModal, ScheduleVisitModal } from './visit-forms';
import type { AssignmentView } from './views';

const STAGES: AssignmentStage[] = ['offered', 'accepted', 'ended'];

/**
 * 服务派单: the referrals routed to the caller's provider, by stage. Offers are answered (accept in
 * provider-scheduling, reject with a reason in referral) before their time limit; accepted ones get visits and
 * are closed when served. provider-scheduling lists assignments unfiltered (at most 500): the tabs, filters and
 * pages are made here (NEEDED-APIS.md P1).
 */
export default function AssignmentsPage() {
  const { m } = useLocale();
  const t = m.provider.assignments;
  const names = useNames();
  const { message, modal } = App.useApp();
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab') as AssignmentStage | null;
  const stage: AssignmentStage = requested && STAGES.includes(requested) ? requested : 'offered';
  const [filter, setFilter] = useState<Omit<AssignmentFilter, 'stage'>>({});
  const { paging, reset, table } = usePaging();
  const update = (f: Partial<AssignmentFilter>) => {
    setFilter((old) => ({ ...old, ...f }));
    reset();
  };
  const all = useProviderAssignments();
  const counts = useMemo(() => stageCounts(all.data ?? []), [all.data]);
  const page = useMemo(
    () => (all.data ? assignmentPage(all.data, { ...filter, stage }, paging) : undefined),
    [all.data, filter, stage, paging],
  );

  const accept = useAccept();
  const close = useReferralAnswer();
  const [detail, setDetail] = useState<string>();
  const [rejecting, setRejecting] = useState<AssignmentView>();
  const [failing, setFailing] = useState<AssignmentView>();
  const [scheduling, setScheduling] = useState<AssignmentView>();

  const confirmAccept = (a: AssignmentView) =>
    modal.confirm({
      title: t.confirmAccept,
      content: `${a.caseNumber} · ${a.person.name} · ${names.item(a.itemCode)}。${t.confirmAcceptHint}`,
      okText: t.accept,
      cancelText: m.common.cancel,
      okButtonProps: { 'data-testid': 'accept-confirm' },
      onOk: () =>
        accept.mutateAsync(a.referralId).then(
          () => void message.success(t.accepted),
          (err: unknown) => void message.error(errorMessage(err, m.errors.network)),
        ),
    });
  const confirmComplete = (a: AssignmentView) =>
    modal.confirm({
      title: t.completeTitle,
      content: `${a.caseNumber} · ${a.person.name} · ${names.item(a.itemCode)}。${t.completeHint}`,
      okText: t.complete,
      cancelText: m.common.cancel,
      okButtonProps: { 'data-testid': 'complete-confirm' },
      onOk: () =>
        close.mutateAsync({ referralId: a.referralId, action: 'completion' }).then(
          () => void message.success(t.completed),
          (err: unknown) => void message.error(errorMessage(err, m.errors.network)),
        ),
    });

  const base: ColumnsType<AssignmentRow> = [
    { title: m.common.caseNumber, key: 'caseNumber', render: (_, a) => a.caseNumber },
    { title: t.person, key: 'person', render: (_, a) => a.person.name },
    { title: m.common.township, key: 'township', render: (_, a) => names.place(a.township) },
    { title: m.common.item, key: 'item', render: (_, a) => <ItemTags codes={[a.itemCode]} /> },
    { title: t.offeredAt, key: 'offeredAt', render: (_, a) => formatTime(a.offeredAt) },
  ];
  const byStage: Record<AssignmentStage, ColumnsType<AssignmentRow>> = {
    offered: [
      ...base,
      {
        title: t.answerDue,
        key: 'due',
        render: (_, a) => (
          <Space size={4} wrap>
            <Countdown dueAt={a.referral?.answerDueAt} />
            {(a.referral?.attempt ?? 1) > 1 && <Tag>{t.attempt(a.referral!.attempt!)}</Tag>}
          </Space>
        ),
      },
      {
        title: m.common.actions,
        key: 'actions',
        render: (_, a) => (
          <Space>
            <Button
              type="primary"
              size="small"
              onClick={() => confirmAccept(a)}
              data-testid="accept-assignment"
              autoInsertSpace={false}
              aria-label={`${t.accept} ${a.caseNumber}`}
            >
              {t.accept}
            </Button>
            <Button
              size="small"
              onClick={() => setRejecting(a)}
              data-testid="reject-assignment"
              autoInsertSpace={false}
              aria-label={`${t.reject} ${a.caseNumber}`}
            >
              {t.reject}
            </Button>
          </Space>
        ),
      },
    ],
    accepted: [
      ...base,
      { title: t.acceptedAt, key: 'acceptedAt', render: (_, a) => formatTime(a.acceptedAt) },
      {
        title: m.common.actions,
        key: 'actions',
        render: (_, a) => (
          <Space wrap>
            <Button
              size="small"
              onClick={() => setDetail(a.referralId)}
              data-testid="assignment-detail"
              autoInsertSpace={false}
              aria-label={`${t.detail} ${a.caseNumber}`}
            >
              {t.detail}
            </Button>
            <Button
              size="small"
              type="primary"
              onClick={() => setScheduling(a)}
              data-testid="schedule-visit"
              autoInsertSpace={false}
              aria-label={`${t.schedule} ${a.caseNumber}`}
            >
              {t.schedule}
            </Button>
            <Button
              size="small"
              onClick={() => confirmComplete(a)}
              data-testid="complete-assignment"
              autoInsertSpace={false}
              aria-label={`${t.complete} ${a.caseNumber}`}
            >
              {t.complete}
            </Button>
            <Button
              size="small"
              onClick={() => setFailing(a)}
              data-testid="fail-assignment"
              autoInsertSpace={false}
              aria-label={`${t.fail} ${a.caseNumber}`}
            >
              {t.fail}
            </Button>
          </Space>
        ),
      },
    ],
    ended: [
      ...base,
      {
        title: m.common.status,
        key: 'status',
        render: (_, a) => (
          <StatusTag color={a.status === 'completed' ? 'green' : a.status === 'failed' ? 'red' : undefined}>
            {m.provider.assignmentStatus[a.status] ?? a.status}
          </StatusTag>
        ),
      },
      {
        title: t.endedAt,
        key: 'endedAt',
        render: (_, a) => formatTime((a.closure ?? a.withdrawal ?? a.cancellation)?.at),
      },
      {
        title: t.endReason,
        key: 'reason',
        render: (_, a) => (
          <Typography.Paragraph ellipsis={{ rows: 2, tooltip: true }} style={{ marginBottom: 0, maxWidth: 280 }}>
            {(a.closure ?? a.withdrawal ?? a.cancellation)?.reason ?? ''}
          </Typography.Paragraph>
        ),
      },
      {
        title: m.common.actions,
        key: 'actions',
        render: (_, a) =>
          a.acceptedAt ? (
            <Button
              size="small"
              onClick={() => setDetail(a.referralId)}
              autoInsertSpace={false}
              aria-label={`${t.detail} ${a.caseNumber}`}
            >
              {t.detail}
            </Button>
          ) : null,
      },
    ],
  };
  const hints: Record<AssignmentStage, string> = {
    offered: t.offeredHint,
    accepted: t.acceptedHint,
    ended: t.endedHint,
  };
  const tabLabel = (s: AssignmentStage) => {
    const text = s === 'offered' ? t.tabOffered : s === 'accepted' ? t.tabAccepted : t.tabEnded;
    return (
      <Space size={6}>
        {text}
        {s !== 'ended' && <Badge count={counts[s]} overflowCount={999} showZero={false} color="#c8102e" />}
      </Space>
    );
  };

  return (
    <>
      <PageHeader
        title={t.title}
        hint={t.hint}
        extra={<RefreshButton queryKey={PROVIDER_KEY} testId="assignments-refresh" />}
      />
      <Card>
        <Space wrap className="filter-bar" data-testid="assignments-filters">
          <Input.Search
            allowClear
            aria-label={t.searchLabel}
            placeholder={t.searchPlaceholder}
            onSearch={(q) => update({ q })}
            style={{ width: 240 }}
            data-testid="assignments-search"
          />
          <PlaceSelect level="township" value={filter.township} onChange={(township) => update({ township })} />
          <ItemSelect value={filter.item} onChange={(item) => update({ item })} />
        </Space>
        <Tabs
          data-testid="assignments-tabs"
          activeKey={stage}
          onChange={(key) => {
            setParams({ tab: key }, { replace: true });
            reset();
          }}
          items={STAGES.map((s) => ({
            key: s,
            label: tabLabel(s),
            children: (
              <>
                <Typography.Paragraph type="secondary">{hints[s]}</Typography.Paragraph>
                <ListError error={all.error} />
                <Table<AssignmentRow>
                  rowKey="referralId"
                  data-testid={`assignments-${s}-table`}
                  size="middle"
                  loading={all.isFetching}
                  columns={byStage[s]}
                  dataSource={s === stage ? page?.rows : []}
                  pagination={table(s === stage ? page?.total : 0)}
                  scroll={s === 'ended' ? undefined : { x: 'max-content' }}
                />
              </>
            ),
          }))}
        />
      </Card>
      <AssignmentDrawer referralId={detail} onClose={() => setDetail(undefined)} />
      <ReasonModal assignment={rejecting} action="rejection" onClose={() => setRejecting(undefined)} />
      <ReasonModal assignment={failing} action="failure" onClose={() => setFailing(undefined)} />
      <ScheduleVisitModal assignment={scheduling} onClose={() => setScheduling(undefined)} />
    </>
  );
}
