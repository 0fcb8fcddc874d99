import { Alert, Button, Descriptions, Drawer, Empty, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNames } from '../../api/directory';
import { errorMessage } from '../../api/problem';
import { formatTime, useNow } from '../../components/countdown';
import { useLocale } from '../../i18n/locale';
import { ItemTags } from '../township/cells';
import { useAssignment, useVisitsOf } from './queries';
import { isLate } from './visit-calendar';
import { PlanSection } from './plan-panel';
import { useWorkers } from './plan-queries';
import { ChangeVisitModal, RecordDeliveryModal, ScheduleVisitModal } from './visit-forms';
import type { AssignmentView, VisitView } from './views';
import { StatusTag } from './list-parts';
import { CheckLink, VerificationTags } from './verification-tags';

/** The tag of a visit's state; a scheduled visit past its time without a record is late. */
export function VisitStatusTag({ visit }: { visit: VisitView }) {
  const { m } = useLocale();
  const now = useNow();
  const late = isLate(visit, now);
  const key = late ? 'late' : visit.status;
  return (
    <StatusTag
      color={late ? 'red' : visit.status === 'delivered' ? 'green' : visit.status === 'cancelled' ? 'default' : 'blue'}
    >
      {m.provider.visitStatus[key] ?? key}
    </StatusTag>
  );
}

/** One assignment: what was referred, its visits, scheduling a visit and recording each one. */
export function AssignmentDrawer({ referralId, onClose }: { referralId: string | undefined; onClose: () => void }) {
  const { m } = useLocale();
  const t = m.provider;
  const names = useNames();
  const assignment = useAssignment(referralId);
  const visits = useVisitsOf(referralId);
  const [scheduling, setScheduling] = useState<AssignmentView>();
  const [recording, setRecording] = useState<VisitView>();
  const [changing, setChanging] = useState<{ visit: VisitView; action: 'reschedule' | 'cancel' }>();
  const a = assignment.data;
  const registered = useWorkers();
  const nameOf = (id: string) => registered.data?.find((w) => w.workerId === id)?.name ?? id;
  const ended = a?.withdrawal ?? a?.cancellation ?? a?.closure;

  return (
    <Drawer
      open={Boolean(referralId)}
      onClose={onClose}
      size={760}
      title={a ? t.detail.title(a.caseNumber) : t.assignments.detail}
      destroyOnHidden
      data-testid="assignment-drawer"
      extra={
        a?.status === 'accepted' && (
          <Button type="primary" onClick={() => setScheduling(a)} data-testid="drawer-schedule-visit">
            {t.assignments.schedule}
          </Button>
        )
      }
    >
      {assignment.error && (
        <Alert type="error" showIcon role="alert" title={errorMessage(assignment.error, m.errors.network)} />
      )}
      {a && (
        <Descriptions
          title={t.detail.assignment}
          bordered
          size="small"
          column={2}
          items={[
            { key: 'case', label: m.common.caseNumber, children: a.caseNumber },
            { key: 'person', label: t.assignments.person, children: a.person.name },
            { key: 'township', label: m.common.township, children: names.place(a.township) },
            { key: 'item', label: m.common.item, children: <ItemTags codes={[a.itemCode]} /> },
            {
              key: 'status',
              label: m.common.status,
              children: <Tag>{t.assignmentStatus[a.status] ?? a.status}</Tag>,
            },
            { key: 'offered', label: t.assignments.offeredAt, children: formatTime(a.offeredAt) },
            { key: 'accepted', label: t.assignments.acceptedAt, children: formatTime(a.acceptedAt) },
            {
              key: 'contract',
              label: t.detail.contract,
              children: <Typography.Text code>{a.contractId}</Typography.Text>,
            },
            ...(ended
              ? [
                  {
                    key: 'ended',
                    label: a.withdrawal
                      ? t.detail.withdrawal
                      : a.cancellation
                        ? t.detail.cancellation
                        : t.detail.closure,
                    span: 2,
                    children: `${formatTime(ended.at)} ${ended.reason ?? ''}`,
                  },
                ]
              : []),
          ]}
        />
      )}
      {a && <PlanSection assignment={a} />}
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 20 }}>
        {t.detail.visits}
      </Typography.Title>
      {visits.error && (
        <Alert type="error" showIcon role="alert" title={errorMessage(visits.error, m.errors.network)} />
      )}
      <Table<VisitView>
        size="small"
        rowKey="visitId"
        data-testid="assignment-visits-table"
        loading={visits.isPending && Boolean(referralId)}
        dataSource={visits.data}
        locale={{ emptyText: <Empty description={t.detail.noVisits} /> }}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showTotal: (n) => m.common.total(n) }}
        columns={[
          { title: t.visit.scheduledFor, key: 'for', render: (_, v) => formatTime(v.scheduledFor) },
          { title: t.visit.worker, key: 'worker', render: (_, v) => nameOf(v.workerId) },
          {
            title: t.visit.status,
            key: 'status',
            render: (_, v) => (
              <Space size={4} wrap>
                <VisitStatusTag visit={v} />
                <VerificationTags visit={v} />
              </Space>
            ),
          },
          { title: t.visit.deliveredAt, key: 'at', render: (_, v) => formatTime(v.delivery?.deliveredAt) },
          { title: t.visit.units, key: 'units', render: (_, v) => v.delivery?.units ?? '' },
          {
            title: t.visit.note,
            key: 'note',
            render: (_, v) => (
              <Typography.Paragraph
                ellipsis={{ rows: 2, tooltip: v.delivery?.note }}
                style={{ marginBottom: 0, maxWidth: 220 }}
              >
                {v.delivery?.note}
              </Typography.Paragraph>
            ),
          },
          {
            title: m.common.actions,
            key: 'actions',
            render: (_, v) =>
              v.status === 'checked_in' ? (
                <CheckLink visit={v} label={formatTime(v.scheduledFor)} />
              ) : v.status === 'scheduled' && a?.status !== 'withdrawn' && a?.status !== 'cancelled' ? (
                <Space>
                  <CheckLink visit={v} label={formatTime(v.scheduledFor)} />
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => setRecording(v)}
                    data-testid="record-delivery"
                    autoInsertSpace={false}
                    aria-label={`${t.visit.record} ${formatTime(v.scheduledFor)}`}
                  >
                    {t.visit.record}
                  </Button>
                  <Button
                    size="small"
                    onClick={() => setChanging({ visit: v, action: 'reschedule' })}
                    data-testid="reschedule-visit"
                    aria-label={`${t.visit.reschedule} ${formatTime(v.scheduledFor)}`}
                  >
                    {t.visit.reschedule}
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() => setChanging({ visit: v, action: 'cancel' })}
                    data-testid="cancel-visit"
                    aria-label={`${t.visit.cancel} ${formatTime(v.scheduledFor)}`}
                  >
                    {t.visit.cancel}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      <ScheduleVisitModal assignment={scheduling} onClose={() => setScheduling(undefined)} />
      <ChangeVisitModal
        visit={changing?.visit}
        action={changing?.action ?? 'cancel'}
        onClose={() => setChanging(undefined)}
      />
      <RecordDeliveryModal visit={recording} onClose={() => setRecording(undefined)} />
    </Drawer>
  );
}
