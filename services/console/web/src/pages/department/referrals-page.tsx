import { ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Badge,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Spin,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useNames } from '../../api/directory';
import type { PageRequest } from '../../api/paging';
import { errorMessage } from '../../api/problem';
import type { ReferralStatus } from '../../api/views';
import { Countdown, formatTime } from '../../components/countdown';
import { PageHeader } from '../../components/page-header';
import { PlaceSelect } from '../../components/place-select';
import { ModeName, ReceiverCell } from '../../components/referral-receiver';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';
import { ErrorAlert, usePaging } from './cells';
import {
  actionsFor,
  answerOverdue,
  contactShown,
  listInbox,
  NEEDS_REASON,
  useDepartmentList,
  useReferral,
  useReferralAction,
  type DepartmentAction,
  type InboxFilter,
  type InboxReferral,
  type InboxView,
} from './queries';

const STATUS_COLOR: Partial<Record<ReferralStatus, string>> = {
  requested: 'orange',
  received: 'gold',
  accepted: 'blue',
  in_progress: 'geekblue',
  completed: 'green',
  rejected: 'red',
  failed: 'red',
  cancelled: 'default',
};

const ACTION_TEST_ID: Record<DepartmentAction, string> = {
  receipt: 'referral-receipt',
  acceptance: 'referral-accept',
  rejection: 'referral-reject',
  start: 'referral-start',
  completion: 'referral-complete',
  failure: 'referral-fail',
};

/** Rejecting or failing a referral: the reason is required and goes back to the township. */
function ReasonModal({
  target,
  onClose,
}: {
  target: { referral: InboxReferral; action: DepartmentAction } | undefined;
  onClose: () => void;
}) {
  const { m } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const act = useReferralAction();
  const ok = async () => {
    const { reason } = await form.validateFields();
    act.mutate(
      { referralId: target!.referral.referralId, action: target!.action, reason: reason.trim() },
      {
        onSuccess: () => {
          void message.success(m.department.inbox.done[target!.action]);
          form.resetFields();
          onClose();
        },
      },
    );
  };
  const action = target?.action ?? 'rejection';
  return (
    <Modal
      open={Boolean(target)}
      title={target ? m.department.inbox.reasonTitle[action](target.referral.caseNumber) : ''}
      okText={m.department.inbox.actions[action]}
      okButtonProps={{ danger: true, 'data-testid': 'referral-reason-submit' } as never}
      cancelText={m.common.cancel}
      confirmLoading={act.isPending}
      onOk={() => void ok().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="referral-reason-form">
        <Typography.Paragraph type="secondary">{m.department.inbox.reasonHint[action]}</Typography.Paragraph>
        <ErrorAlert error={act.error} />
        <Form.Item
          label={m.department.inbox.reason}
          name="reason"
          rules={[{ required: true, whitespace: true, min: 2, max: 500, message: m.department.inbox.reasonRequired }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 6 }}
            maxLength={500}
            showCount
            data-testid="referral-reason-input"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The buttons of a referral's next steps; the ones without a reason ask to confirm first. */
function ReferralActions({
  referral,
  onReason,
}: {
  referral: InboxReferral;
  onReason: (action: DepartmentAction) => void;
}) {
  const { m } = useLocale();
  const { message } = App.useApp();
  const act = useReferralAction();
  const actions = actionsFor(referral.status);
  if (actions.length === 0) return null;
  return (
    <Space size={4} wrap>
      {actions.map((action) =>
        NEEDS_REASON.includes(action) ? (
          <Button
            key={action}
            size="small"
            danger
            onClick={() => onReason(action)}
            data-testid={ACTION_TEST_ID[action]}
            aria-label={`${m.department.inbox.actions[action]} ${referral.caseNumber}`}
          >
            {m.department.inbox.actions[action]}
          </Button>
        ) : (
          <Popconfirm
            key={action}
            title={m.department.inbox.confirm[action]}
            okText={m.common.confirm}
            cancelText={m.common.cancel}
            okButtonProps={{ 'data-testid': 'referral-confirm' } as never}
            onConfirm={() =>
              act.mutate(
                { referralId: referral.referralId, action },
                {
                  onSuccess: () => void message.success(m.department.inbox.done[action]),
                  onError: (err) => void message.error(errorMessage(err, m.errors.network)),
                },
              )
            }
          >
            <Button
              size="small"
              type={action === 'acceptance' || action === 'completion' ? 'primary' : 'default'}
              loading={act.isPending && act.variables?.action === action}
              data-testid={ACTION_TEST_ID[action]}
              aria-label={`${m.department.inbox.actions[action]} ${referral.caseNumber}`}
            >
              {m.department.inbox.actions[action]}
            </Button>
          </Popconfirm>
        ),
      )}
    </Space>
  );
}

function StatusCell({ r }: { r: InboxReferral }) {
  const { m, names } = useLocale();
  return (
    <Space size={4} wrap>
      <Tag color={STATUS_COLOR[r.status]}>{nameOf(names.referralStatus, r.status)}</Tag>
      {(r.attempt ?? 1) > 1 && <Tag>{m.department.inbox.attempt(r.attempt ?? 1)}</Tag>}
    </Space>
  );
}

function SharingCell({ basis }: { basis: InboxReferral['sharingBasis'] }) {
  const { m } = useLocale();
  if (!basis) return null;
  return basis.basis === 'consent' ? (
    <Tag color="green">
      {m.department.inbox.consentBy(basis.givenBy === 'proxy' ? m.caseDetail.byProxy : m.caseDetail.byApplicant)}
    </Tag>
  ) : (
    <Tag color="orange">{m.department.inbox.override}</Tag>
  );
}

/** The person's contact as they consented to share it, or why there is none (not consented, not arrived). */
function ContactPanel({ referral: r }: { referral: InboxReferral }) {
  const { m } = useLocale();
  const shown = contactShown(r);
  const c = r.contact;
  return (
    <section aria-labelledby="referral-contact-title" data-testid="referral-contact" style={{ marginTop: 16 }}>
      <Typography.Title level={4} id="referral-contact-title">
        {m.department.inbox.contact}
      </Typography.Title>
      {shown === 'shared' && c ? (
        <>
          <Typography.Paragraph type="secondary">{m.department.inbox.contactHint}</Typography.Paragraph>
          <Descriptions column={1} bordered size="small">
            {c.name && <Descriptions.Item label={m.department.inbox.contactName}>{c.name}</Descriptions.Item>}
            {c.phone && (
              <Descriptions.Item label={m.department.inbox.contactPhone}>
                <Space size={8} wrap>
                  <a href={`tel:${c.phone.number}`} data-testid="referral-contact-phone">
                    {c.phone.number}
                  </a>
                  {!c.phone.confirmed && <Tag>{m.department.inbox.phoneUnconfirmed}</Tag>}
                </Space>
              </Descriptions.Item>
            )}
            {c.address && (
              <Descriptions.Item label={m.department.inbox.contactAddress}>
                <span data-testid="referral-contact-address">{c.address.text}</span>
              </Descriptions.Item>
            )}
          </Descriptions>
        </>
      ) : (
        <Typography.Paragraph data-testid={`referral-contact-${shown}`}>
          {shown === 'not_consented' ? m.department.inbox.contactNotConsented : m.department.inbox.contactNotReceived}
        </Typography.Paragraph>
      )}
    </section>
  );
}

/** One referral in full, as the department may see it, with its next steps. */
function ReferralDrawer({
  referralId,
  onClose,
  onReason,
}: {
  referralId: string | undefined;
  onClose: () => void;
  onReason: (r: InboxReferral, action: DepartmentAction) => void;
}) {
  const { m } = useLocale();
  const names = useNames();
  const referral = useReferral(referralId);
  const r = referral.data;
  const item = r ? names.directory?.items.get(r.itemCode) : undefined;
  const { names: fixed } = useLocale();
  return (
    <Drawer
      open={Boolean(referralId)}
      onClose={onClose}
      size="large"
      title={r ? m.department.inbox.detailTitle(r.caseNumber) : m.app.loading}
      closable={{ 'aria-label': m.department.inbox.closeDetail }}
      destroyOnHidden
      data-testid="referral-drawer"
    >
      <ErrorAlert error={referral.error} />
      {referral.isPending && referralId ? (
        <div className="page-loading" role="status">
          <Spin />
        </div>
      ) : r ? (
        <>
          <Descriptions column={1} bordered size="small" data-testid="referral-detail">
            <Descriptions.Item label={m.common.caseNumber}>{r.caseNumber}</Descriptions.Item>
            <Descriptions.Item label={m.department.inbox.person}>{r.person.name}</Descriptions.Item>
            {r.person.idNumberMasked && (
              <Descriptions.Item label={m.common.idNumber}>
                <span className="masked-id">{r.person.idNumberMasked}</span>
              </Descriptions.Item>
            )}
            {r.person.ageAtRegistration !== undefined && (
              <Descriptions.Item label={m.common.age}>
                {m.common.ageYears(r.person.ageAtRegistration)}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={m.common.township}>
              {names.address({ township: r.township, village: r.village })}
            </Descriptions.Item>
            <Descriptions.Item label={m.referralPanel.receiver}>
              <ReceiverCell route={r.route} />
            </Descriptions.Item>
            <Descriptions.Item label={m.common.item}>
              <Space orientation="vertical" size={0}>
                <span>{names.item(r.itemCode)}</span>
                {r.mode ? (
                  <Typography.Text type="secondary">
                    <ModeName mode={r.mode} />
                  </Typography.Text>
                ) : (
                  item?.delivery && (
                    <Typography.Text type="secondary">
                      {names.directory?.deliveryModes.get(item.delivery)?.name ?? item.delivery}
                    </Typography.Text>
                  )
                )}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={m.common.status}>
              <StatusCell r={r} />
            </Descriptions.Item>
            {r.createdAt && (
              <Descriptions.Item label={m.department.inbox.sentAt}>{formatTime(r.createdAt)}</Descriptions.Item>
            )}
            {(r.status === 'requested' || r.status === 'received') && (
              <Descriptions.Item label={m.department.inbox.answerDue}>
                <Countdown dueAt={r.answerDueAt} />
              </Descriptions.Item>
            )}
            <Descriptions.Item label={m.department.inbox.sharing}>
              <SharingCell basis={r.sharingBasis} />
            </Descriptions.Item>
          </Descriptions>
          <ContactPanel referral={r} />
          {(r.history ?? []).length > 0 && (
            <>
              <Typography.Title level={4} style={{ marginTop: 16 }}>
                {m.department.inbox.history}
              </Typography.Title>
              <ul>
                {(r.history ?? []).map((h, i) => (
                  <li key={`${h.at}-${i}`}>
                    {formatTime(h.at)} · {nameOf(fixed.referralStatus, h.from)} → {nameOf(fixed.referralStatus, h.to)}
                    {h.reason ? ` · ${h.reason}` : ''}
                  </li>
                ))}
              </ul>
            </>
          )}
          <div style={{ marginTop: 16 }}>
            <ReferralActions referral={r} onReason={(action) => onReason(r, action)} />
          </div>
        </>
      ) : null}
    </Drawer>
  );
}

function InboxTab({
  view,
  onOpen,
  onReason,
}: {
  view: InboxView;
  onOpen: (referralId: string) => void;
  onReason: (r: InboxReferral, action: DepartmentAction) => void;
}) {
  const { m } = useLocale();
  const names = useNames();
  const { paging, reset, table } = usePaging();
  const [filter, setFilter] = useState<InboxFilter>({ view });
  const update = (f: Partial<InboxFilter>) => {
    setFilter((old) => ({ ...old, ...f }));
    reset();
  };
  const list = useDepartmentList('inbox', filter, paging, listInbox);
  const timed = view === 'answer' || view === 'all';
  const columns: ColumnsType<InboxReferral> = [
    {
      title: m.common.caseNumber,
      key: 'caseNumber',
      render: (_, r) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onOpen(r.referralId)}>
          {r.caseNumber}
        </Button>
      ),
    },
    {
      title: m.department.inbox.person,
      key: 'person',
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <span>{r.person.name}</span>
          {(r.person.idNumberMasked || r.person.ageAtRegistration !== undefined) && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[
                r.person.idNumberMasked,
                r.person.ageAtRegistration !== undefined ? m.common.ageYears(r.person.ageAtRegistration) : '',
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: m.common.township, key: 'township', render: (_, r) => names.place(r.township) },
    { title: m.common.item, key: 'item', render: (_, r) => <Tag>{names.item(r.itemCode)}</Tag> },
    { title: m.referralPanel.mode, key: 'mode', render: (_, r) => <ModeName mode={r.mode} /> },
    { title: m.common.status, key: 'status', render: (_, r) => <StatusCell r={r} /> },
    { title: m.department.inbox.sharing, key: 'sharing', render: (_, r) => <SharingCell basis={r.sharingBasis} /> },
    { title: m.department.inbox.sentAt, key: 'sentAt', render: (_, r) => formatTime(r.createdAt) },
    ...(timed
      ? [
          {
            title: m.department.inbox.answerDue,
            key: 'due',
            render: (_: unknown, r: InboxReferral) =>
              r.status === 'requested' || r.status === 'received' ? (
                <Countdown dueAt={r.answerDueAt} overdue={answerOverdue(r)} />
              ) : (
                ''
              ),
          },
        ]
      : []),
    {
      title: m.common.actions,
      key: 'actions',
      render: (_, r) => (
        <Space size={4} wrap>
          <ReferralActions referral={r} onReason={(action) => onReason(r, action)} />
          <Button size="small" type="link" onClick={() => onOpen(r.referralId)} data-testid="referral-open">
            {m.common.view}
          </Button>
        </Space>
      ),
    },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">{m.department.inbox.viewHint[view]}</Typography.Paragraph>
      <Space wrap className="filter-bar" data-testid={`referral-inbox-${view}-filters`} style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label={m.department.inbox.search}
          placeholder={m.department.inbox.search}
          allowClear
          maxLength={40}
          onSearch={(q) => update({ q: q.trim() || undefined })}
          style={{ width: 240 }}
        />
        <PlaceSelect level="township" value={filter.township} onChange={(township) => update({ township })} />
        <Select
          aria-label={m.common.item}
          placeholder={m.common.item}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          value={filter.itemCode}
          onChange={(itemCode: string | undefined) => update({ itemCode })}
          options={[...(names.directory?.items.values() ?? [])].map((i) => ({
            value: i.code,
            label: names.item(i.code),
          }))}
          style={{ minWidth: 200 }}
        />
        {view === 'answer' && (
          <Space>
            <Switch
              id="referral-overdue"
              checked={Boolean(filter.overdue)}
              onChange={(overdue) => update({ overdue })}
              aria-label={m.department.inbox.overdueOnly}
            />
            <label htmlFor="referral-overdue">{m.department.inbox.overdueOnly}</label>
          </Space>
        )}
      </Space>
      <ErrorAlert error={list.error} />
      <Table<InboxReferral>
        rowKey="referralId"
        data-testid={`referral-inbox-${view}-table`}
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

const VIEWS: InboxView[] = ['answer', 'serving', 'done', 'all'];

/**
 * The department's referral inbox (转介待办): referrals routed to it, to receive, accept or reject with a reason,
 * start and complete. referral answers them unfiltered today: the views, filters and paging are applied here until
 * it takes them (NEEDED-APIS.md D1).
 */
export default function ReferralsPage() {
  const { m } = useLocale();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab') as InboxView | null;
  const active: InboxView = requested && VIEWS.includes(requested) ? requested : 'answer';
  const openId = params.get('referral') ?? undefined;
  const [reasonFor, setReasonFor] = useState<{ referral: InboxReferral; action: DepartmentAction }>();
  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const one: PageRequest = { page: 1, pageSize: 1 };
  const waiting = useDepartmentList('inbox', { view: 'answer' } as InboxFilter, one, listInbox).data?.total;
  const serving = useDepartmentList('inbox', { view: 'serving' } as InboxFilter, one, listInbox).data?.total;
  const counts: Partial<Record<InboxView, number | undefined>> = { answer: waiting, serving };
  const label = (view: InboxView): ReactNode => (
    <Space size={6}>
      {m.department.inbox.views[view]}
      {counts[view] !== undefined && <Badge count={counts[view]} overflowCount={999} color="#c8102e" />}
    </Space>
  );
  return (
    <>
      <PageHeader
        title={m.department.inbox.title}
        hint={m.department.inbox.hint}
        extra={
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void queryClient.invalidateQueries({ queryKey: ['department'] })}
            data-testid="referral-inbox-refresh"
          >
            {m.common.refresh}
          </Button>
        }
      />
      <Card>
        <Tabs
          data-testid="referral-inbox-tabs"
          activeKey={active}
          onChange={(tab) => setParam('tab', tab)}
          destroyOnHidden
          items={VIEWS.map((view) => ({
            key: view,
            label: label(view),
            children: (
              <InboxTab
                view={view}
                onOpen={(id) => setParam('referral', id)}
                onReason={(referral, action) => setReasonFor({ referral, action })}
              />
            ),
          }))}
        />
      </Card>
      <ReferralDrawer
        referralId={openId}
        onClose={() => setParam('referral', undefined)}
        onReason={(referral, action) => setReasonFor({ referral, action })}
      />
      <ReasonModal target={reasonFor} onClose={() => setReasonFor(undefined)} />
    </>
  );
}
