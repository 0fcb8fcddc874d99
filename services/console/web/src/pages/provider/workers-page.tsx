import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Modal, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { pageOf } from '../../api/paging';
import { formatTime, useNow } from '../../components/countdown';
import { PageHeader } from '../../components/page-header';
import { useLocale } from '../../i18n/locale';
import { ItemTags } from '../township/cells';
import { ListError, MonthFilter, usePaging } from './list-parts';
import { useUnlinkWorkerChat, useWorkerLinkCode, useWorkers } from './plan-queries';
import { useAllVisits } from './queries';
import type { WorkerLinkCode, WorkerView } from './views';
import { RegisterWorkerModal, TrainingModal } from './worker-forms';
import { visitDay, workerLoads, type WorkerLoad } from './visit-calendar';

/**
 * 服务人员: the provider's workers as registered on the platform (masked identity, qualifications, items, training
 * records; register one, add a training), and each worker's visits of a month, from the visit records.
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
  const workers = useWorkers();
  const nameOf = new Map((workers.data ?? []).map((w) => [w.workerId, w.name]));
  const [registering, setRegistering] = useState(false);
  const [training, setTraining] = useState<WorkerView>();
  const [issued, setIssued] = useState<{ worker: WorkerView; code: WorkerLinkCode }>();
  const linkCode = useWorkerLinkCode();
  const unlink = useUnlinkWorkerChat();
  const { message } = App.useApp();
  const r = m.provider.register;

  return (
    <>
      <PageHeader title={t.title} hint={t.hint} />
      <Card
        title={r.registered}
        style={{ marginBottom: 16 }}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setRegistering(true)}
            data-testid="register-worker"
          >
            {r.add}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{r.registeredHint}</Typography.Paragraph>
        <ListError error={workers.error} />
        <Table<WorkerView>
          rowKey="workerId"
          size="middle"
          data-testid="registered-workers-table"
          loading={workers.isFetching}
          dataSource={workers.data}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={r.none} /> }}
          columns={[
            { title: r.name, key: 'name', render: (_, w) => <Typography.Text strong>{w.name}</Typography.Text> },
            { title: r.idNumber, key: 'id', dataIndex: 'idNumberMasked' },
            { title: r.phone, key: 'phone', dataIndex: 'phoneMasked' },
            {
              title: r.qualifications,
              key: 'q',
              render: (_, w) => w.qualifications.map((q) => <Tag key={q}>{q}</Tag>),
            },
            { title: r.items, key: 'items', render: (_, w) => <ItemTags codes={w.itemCodes} /> },
            {
              title: r.training,
              key: 'training',
              render: (_, w) => (
                <span data-testid="worker-training">
                  {w.training.map((x) => `${x.course}（${x.date}，${x.hours}）`).join('；')}
                  {` · ${r.trainingHours} ${w.training.reduce((n, x) => n + x.hours, 0)}`}
                </span>
              ),
            },
            {
              title: r.chat,
              key: 'chat',
              render: (_, w) =>
                w.chatLinked ? (
                  <Tag color="green" data-testid="worker-chat-status">
                    {r.chatLinked}
                  </Tag>
                ) : (
                  <Tooltip title={r.chatNotLinkedHint}>
                    <Tag color="orange" data-testid="worker-chat-status">
                      {r.chatNotLinked}
                    </Tag>
                  </Tooltip>
                ),
            },
            {
              title: m.common.actions,
              key: 'actions',
              render: (_, w) => (
                <Space wrap size="small">
                  <Button
                    size="small"
                    onClick={() => setTraining(w)}
                    data-testid="add-training"
                    aria-label={`${r.addTraining} ${w.name}`}
                  >
                    {r.addTraining}
                  </Button>
                  <Button
                    size="small"
                    loading={linkCode.isPending && linkCode.variables === w.workerId}
                    onClick={() => linkCode.mutate(w.workerId, { onSuccess: (code) => setIssued({ worker: w, code }) })}
                    data-testid="worker-link-code"
                    aria-label={`${r.linkCode} ${w.name}`}
                  >
                    {r.linkCode}
                  </Button>
                  {w.chatLinked && (
                    <Popconfirm
                      title={`${r.unlink} · ${w.name}`}
                      okText={m.common.submit}
                      cancelText={m.common.cancel}
                      onConfirm={() => unlink.mutateAsync(w.workerId).then(() => void message.success(r.unlinked))}
                    >
                      <Button size="small" danger data-testid="worker-unlink" aria-label={`${r.unlink} ${w.name}`}>
                        {r.unlink}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <RegisterWorkerModal open={registering} onClose={() => setRegistering(false)} />
      <TrainingModal worker={training} onClose={() => setTraining(undefined)} />
      <ListError error={linkCode.error ?? unlink.error} />
      <Modal
        open={!!issued}
        title={issued ? r.linkCodeTitle(issued.worker.name) : ''}
        onOk={() => setIssued(undefined)}
        onCancel={() => setIssued(undefined)}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        {issued && (
          <>
            <Typography.Title level={3} copyable data-testid="worker-link-code-value">
              {issued.code.code}
            </Typography.Title>
            <Typography.Paragraph>
              {r.linkCodeHint(issued.code.command, dayjs(issued.code.expiresAt).format('YYYY-MM-DD HH:mm'))}
            </Typography.Paragraph>
          </>
        )}
      </Modal>
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
              render: (_, w) => <Typography.Text strong>{nameOf.get(w.workerId) ?? w.workerId}</Typography.Text>,
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
