import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Segmented,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { answer, api } from '../../api/client';
import { useNames } from '../../api/directory';
import { useSession } from '../../auth/session';
import { formatTime } from '../../components/countdown';
import { PageHeader } from '../../components/page-header';
import { useLocale } from '../../i18n/locale';
import { ErrorAlert, usePaging } from './cells';
import {
  listDeliveries,
  REFERRAL_EVENT_TYPES,
  useDepartmentList,
  useDepartmentMutation,
  useSubscriptions,
  type DeliveryStatus,
  type DeliveryView,
  type SubscriptionView,
} from './queries';

const isWebAddress = (v: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};

/** A signing secret, shown once (when created or rotated): the department copies it into its receiver. */
function SecretModal({
  secret,
  onClose,
}: {
  secret: { value: string; until?: string } | undefined;
  onClose: () => void;
}) {
  const { m } = useLocale();
  return (
    <Modal
      open={Boolean(secret)}
      title={m.department.webhooks.secretTitle}
      onCancel={onClose}
      onOk={onClose}
      okText={m.department.webhooks.secretCopied}
      cancelButtonProps={{ style: { display: 'none' } }}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Alert type="warning" showIcon title={m.department.webhooks.secretOnce} style={{ marginBottom: 12 }} />
      <Typography.Paragraph
        copyable={{ text: secret?.value }}
        code
        data-testid="webhook-secret"
        style={{ wordBreak: 'break-all' }}
      >
        {secret?.value}
      </Typography.Paragraph>
      {secret?.until && (
        <Typography.Paragraph type="secondary">
          {m.department.webhooks.previousUntil(formatTime(secret.until))}
        </Typography.Paragraph>
      )}
    </Modal>
  );
}

interface CreateValues {
  endpoint: string;
  description?: string;
  itemCodes: string[];
  places: string[];
  eventTypes: string[];
  /** The payload version: 2 adds the contact the resident consented to share to referral.created. */
  version: 1 | 2;
}

/** A new subscription of the department's referral events: where to, and which events (none = all). */
function CreateModal({
  open,
  onClose,
  onSecret,
}: {
  open: boolean;
  onClose: () => void;
  onSecret: (secret: string) => void;
}) {
  const { m } = useLocale();
  const names = useNames();
  const session = useSession();
  const account = session.data?.account;
  const [form] = Form.useForm<CreateValues>();
  const create = useDepartmentMutation((v: CreateValues) =>
    answer<SubscriptionView & { secret: string }>(
      api.referral.POST('/webhook-subscriptions', {
        body: {
          departmentCode: account!.departmentCode!,
          region: account!.region,
          endpoint: v.endpoint.trim(),
          itemCodes: v.itemCodes ?? [],
          places: v.places ?? [],
          // Version 2 receives referral.created as .v2: the filter names it so.
          eventTypes: (v.eventTypes ?? []).map((t) =>
            v.version === 2 && t === 'referral.created.v1' ? 'referral.created.v2' : t,
          ),
          version: v.version ?? 1,
          ...(v.description?.trim() ? { description: v.description.trim() } : {}),
        },
      }),
    ),
  );
  // The department's own items first; any item can be referred to it by hand.
  const items = [...(names.directory?.items.values() ?? [])].sort(
    (a, b) => Number(b.department === account?.departmentCode) - Number(a.department === account?.departmentCode),
  );
  const jurisdiction = account?.jurisdiction ?? '';
  const places = [...(names.directory?.places.values() ?? [])].filter(
    (p) =>
      (p.level === 'county' || p.level === 'township') &&
      (p.code.startsWith(jurisdiction) || jurisdiction.startsWith(p.code)),
  );
  // A department of one county (not the whole region) subscribes to places within it: offered filled in.
  const counties = places.filter((p) => p.level === 'county');
  const wholeRegion =
    counties.length > 0 &&
    [...(names.directory?.places.values() ?? [])]
      .filter((p) => p.level === 'county')
      .every((c) => c.code.startsWith(jurisdiction));
  const ownPlace = /^\d{6}(\d{3})?$/.test(jurisdiction) ? [jurisdiction] : [];
  const ok = async () => {
    const v = await form.validateFields();
    create.mutate(v, {
      onSuccess: (s) => {
        form.resetFields();
        onClose();
        onSecret(s.secret);
      },
    });
  };
  return (
    <Modal
      open={open}
      title={m.department.webhooks.createTitle}
      okText={m.department.webhooks.create}
      okButtonProps={{ 'data-testid': 'webhook-create-submit' } as never}
      cancelText={m.common.cancel}
      confirmLoading={create.isPending}
      onOk={() => void ok().catch(() => undefined)}
      onCancel={onClose}
      width={680}
      destroyOnHidden
    >
      <Form<CreateValues>
        form={form}
        layout="vertical"
        data-testid="webhook-create-form"
        initialValues={{ itemCodes: [], places: wholeRegion ? [] : ownPlace, eventTypes: [], version: 1 }}
      >
        <Typography.Paragraph type="secondary">
          {m.department.webhooks.createHint(names.receiver(account?.departmentCode))}
        </Typography.Paragraph>
        <ErrorAlert error={create.error} />
        <Form.Item
          label={m.department.webhooks.endpoint}
          name="endpoint"
          extra={m.department.webhooks.endpointHint}
          rules={[
            { required: true, whitespace: true, message: m.department.webhooks.endpointRequired },
            {
              // The service decides what it accepts (public https only, outside local mode); here: a web address.
              validator: (_, v: string | undefined) =>
                !v?.trim() || isWebAddress(v.trim())
                  ? Promise.resolve()
                  : Promise.reject(new Error(m.department.webhooks.endpointInvalid)),
            },
          ]}
        >
          <Input placeholder="https://" autoComplete="off" data-testid="webhook-endpoint" />
        </Form.Item>
        <Form.Item label={m.department.webhooks.version} name="version" extra={m.department.webhooks.versionHint}>
          <Radio.Group
            data-testid="webhook-version"
            options={([1, 2] as const).map((v) => ({ value: v, label: m.department.webhooks.versions[v] }))}
          />
        </Form.Item>
        <Form.Item label={m.department.webhooks.description} name="description" rules={[{ max: 200 }]}>
          <Input maxLength={200} data-testid="webhook-description" />
        </Form.Item>
        <Form.Item label={m.department.webhooks.items} name="itemCodes" extra={m.department.webhooks.emptyIsAll}>
          <Select
            mode="multiple"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={items.map((i) => ({ value: i.code, label: names.item(i.code) }))}
          />
        </Form.Item>
        <Form.Item
          label={m.department.webhooks.places}
          name="places"
          extra={wholeRegion ? m.department.webhooks.placesHint : m.department.webhooks.placesWithin}
          rules={
            wholeRegion
              ? []
              : [{ required: true, type: 'array', min: 1, message: m.department.webhooks.placesRequired }]
          }
        >
          <Select
            mode="multiple"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={places.map((p) => ({ value: p.code, label: names.place(p.code) }))}
          />
        </Form.Item>
        <Form.Item label={m.department.webhooks.eventTypes} name="eventTypes" extra={m.department.webhooks.emptyIsAll}>
          <Select
            mode="multiple"
            allowClear
            options={REFERRAL_EVENT_TYPES.map((t) => ({ value: t, label: m.department.webhooks.eventNames[t] ?? t }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Deliver again every matching event since a time (a new webhook-id, the same CloudEvent id). */
function ReplayModal({ subscription, onClose }: { subscription: SubscriptionView | undefined; onClose: () => void }) {
  const { m } = useLocale();
  const { message } = App.useApp();
  const [since, setSince] = useState<Dayjs | null>(null);
  const replay = useDepartmentMutation((v: { subscriptionId: string; since: string }) =>
    answer<{ replayId: string; events: number }>(
      api.referral.POST('/webhook-subscriptions/{subscriptionId}/replay', {
        params: { path: { subscriptionId: v.subscriptionId } },
        body: { since: v.since },
      }),
    ),
  );
  return (
    <Modal
      open={Boolean(subscription)}
      title={m.department.webhooks.replayTitle}
      okText={m.department.webhooks.replay}
      okButtonProps={{ disabled: !since, 'data-testid': 'webhook-replay-submit' } as never}
      cancelText={m.common.cancel}
      confirmLoading={replay.isPending}
      onCancel={onClose}
      onOk={() =>
        since &&
        replay.mutate(
          { subscriptionId: subscription!.subscriptionId, since: since.toISOString() },
          {
            onSuccess: (r) => {
              void message.success(m.department.webhooks.replayed(r.events));
              setSince(null);
              onClose();
            },
          },
        )
      }
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{m.department.webhooks.replayHint}</Typography.Paragraph>
      <ErrorAlert error={replay.error} />
      <label htmlFor="webhook-replay-since" style={{ display: 'block', marginBottom: 4 }}>
        {m.department.webhooks.since}
      </label>
      <DatePicker
        id="webhook-replay-since"
        showTime
        value={since}
        onChange={setSince}
        disabledDate={(d) => d.isAfter(dayjs())}
        data-testid="webhook-replay-since"
      />
    </Modal>
  );
}

const DELIVERY_COLOR: Record<DeliveryStatus, string> = { pending: 'gold', delivered: 'green', dead: 'red' };

/** A subscription's deliveries, newest first; dead letters can be re-driven, some or all. */
function DeliveriesPanel({ subscription }: { subscription: SubscriptionView }) {
  const { m } = useLocale();
  const { message } = App.useApp();
  const { paging, reset, table } = usePaging();
  const [status, setStatus] = useState<DeliveryStatus | 'all'>('all');
  const [eventType, setEventType] = useState<string>();
  const [selected, setSelected] = useState<string[]>([]);
  const filter = { status: status === 'all' ? undefined : status, eventType };
  const list = useDepartmentList(`deliveries-${subscription.subscriptionId}`, filter, paging, (f, p) =>
    listDeliveries(subscription.subscriptionId, f, p),
  );
  const redrive = useDepartmentMutation((deliveryIds: string[] | undefined) =>
    answer<{ redriven: number }>(
      api.referral.POST('/webhook-subscriptions/{subscriptionId}/dead-letters/redrive', {
        params: { path: { subscriptionId: subscription.subscriptionId } },
        body: deliveryIds ? { deliveryIds } : {},
      }),
    ),
  );
  const doRedrive = (ids: string[] | undefined) =>
    redrive.mutate(ids, {
      onSuccess: (r) => {
        void message.success(m.department.webhooks.redriven(r.redriven));
        setSelected([]);
      },
    });
  const columns: ColumnsType<DeliveryView> = [
    {
      title: m.department.webhooks.eventType,
      key: 'type',
      render: (_, d) => m.department.webhooks.eventNames[d.eventType] ?? d.eventType,
    },
    { title: m.department.webhooks.eventTime, key: 'time', render: (_, d) => formatTime(d.eventTime) },
    {
      title: m.common.status,
      key: 'status',
      render: (_, d) => (
        <Space size={4}>
          <Tag color={DELIVERY_COLOR[d.status]}>{m.department.webhooks.deliveryStatus[d.status]}</Tag>
          {d.replay && <Tag>{m.department.webhooks.replayTag}</Tag>}
        </Space>
      ),
    },
    { title: m.department.webhooks.attempts, key: 'attempts', dataIndex: 'attempts' },
    {
      title: m.department.webhooks.lastError,
      key: 'error',
      render: (_, d) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: d.lastError }} style={{ marginBottom: 0, maxWidth: 280 }}>
          {d.lastError}
        </Typography.Paragraph>
      ),
    },
    {
      title: m.department.webhooks.nextOrDelivered,
      key: 'when',
      render: (_, d) =>
        d.status === 'delivered'
          ? formatTime(d.deliveredAt)
          : d.status === 'pending' && d.nextAttemptAt
            ? m.department.webhooks.nextAttempt(formatTime(d.nextAttemptAt))
            : '',
    },
  ];
  const deadSelected = selected.filter((id) => list.data?.rows.some((d) => d.deliveryId === id && d.status === 'dead'));
  return (
    <Card
      title={m.department.webhooks.deliveriesOf(subscription.description ?? subscription.endpoint)}
      data-testid="webhook-deliveries"
      extra={
        <Space wrap>
          <Button
            disabled={deadSelected.length === 0}
            loading={redrive.isPending && redrive.variables !== undefined}
            onClick={() => doRedrive(deadSelected)}
            data-testid="webhook-redrive-selected"
          >
            {m.department.webhooks.redriveSelected(deadSelected.length)}
          </Button>
          <Popconfirm
            title={m.department.webhooks.redriveAllConfirm}
            okText={m.common.confirm}
            cancelText={m.common.cancel}
            onConfirm={() => doRedrive(undefined)}
          >
            <Button
              danger
              loading={redrive.isPending && redrive.variables === undefined}
              data-testid="webhook-redrive-all"
            >
              {m.department.webhooks.redriveAll}
            </Button>
          </Popconfirm>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }} data-testid="webhook-deliveries-filters">
        <Segmented<DeliveryStatus | 'all'>
          aria-label={m.common.status}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setSelected([]);
            reset();
          }}
          options={[
            { value: 'all', label: m.common.all },
            { value: 'pending', label: m.department.webhooks.deliveryStatus.pending },
            { value: 'delivered', label: m.department.webhooks.deliveryStatus.delivered },
            { value: 'dead', label: m.department.webhooks.deliveryStatus.dead },
          ]}
        />
        <Select
          aria-label={m.department.webhooks.eventType}
          placeholder={m.department.webhooks.eventType}
          allowClear
          value={eventType}
          onChange={(v: string | undefined) => {
            setEventType(v);
            reset();
          }}
          options={REFERRAL_EVENT_TYPES.map((t) => ({ value: t, label: m.department.webhooks.eventNames[t] ?? t }))}
          style={{ minWidth: 160 }}
        />
      </Space>
      <ErrorAlert error={list.error ?? redrive.error} />
      <Table<DeliveryView>
        rowKey="deliveryId"
        data-testid="webhook-deliveries-table"
        size="small"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.rows}
        pagination={table(list.data?.total)}
        scroll={{ x: 'max-content' }}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys.map(String)),
          getCheckboxProps: (d) => ({
            disabled: d.status !== 'dead',
            'aria-label': m.department.webhooks.selectDelivery,
          }),
        }}
        expandable={{
          expandedRowRender: (d) => (
            <pre style={{ margin: 0, maxHeight: 320, overflow: 'auto', fontSize: 12 }}>
              {JSON.stringify(d.event ?? {}, null, 2)}
            </pre>
          ),
        }}
      />
    </Card>
  );
}

/**
 * The department's webhook subscriptions (事件订阅): where its referral events are sent, paused or running; the
 * signing secret shown once and rotated; each subscription's deliveries with dead letters to re-drive, and a
 * replay since a time.
 */
export default function WebhooksPage() {
  const { m } = useLocale();
  const names = useNames();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const subscriptions = useSubscriptions();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ value: string; until?: string }>();
  const [replayFor, setReplayFor] = useState<SubscriptionView>();
  const [search, setSearch] = useState('');
  const selectedId = params.get('subscription') ?? undefined;
  const { reset, table, paging } = usePaging({ page: 1, pageSize: 10 });

  const setActive = useDepartmentMutation((v: { subscriptionId: string; active: boolean }) =>
    answer<SubscriptionView>(
      api.referral.POST('/webhook-subscriptions/{subscriptionId}/active', {
        params: { path: { subscriptionId: v.subscriptionId } },
        body: { active: v.active },
      }),
    ),
  );
  const rotate = useDepartmentMutation((subscriptionId: string) =>
    answer<{ subscriptionId: string; secret: string; previousValidUntil: string }>(
      api.referral.POST('/webhook-subscriptions/{subscriptionId}/secret-rotation', {
        params: { path: { subscriptionId } },
      }),
    ),
  );

  const all = subscriptions.data?.items ?? [];
  const q = search.trim().toLowerCase();
  const shown = all.filter(
    (s) => !q || s.endpoint.toLowerCase().includes(q) || (s.description ?? '').toLowerCase().includes(q),
  );
  const rows = shown.slice((paging.page - 1) * paging.pageSize, paging.page * paging.pageSize);
  const selected = all.find((s) => s.subscriptionId === selectedId);
  const list = (codes: string[], name: (c: string) => string) =>
    codes.length === 0 ? (
      <Typography.Text type="secondary">{m.department.webhooks.any}</Typography.Text>
    ) : (
      <Space size={[4, 4]} wrap style={{ maxWidth: 260 }}>
        {codes.map((c) => (
          <Tag key={c}>{name(c)}</Tag>
        ))}
      </Space>
    );

  const columns: ColumnsType<SubscriptionView> = [
    {
      title: m.department.webhooks.endpoint,
      key: 'endpoint',
      render: (_, s) => (
        <Space orientation="vertical" size={0}>
          {s.description && <Typography.Text strong>{s.description}</Typography.Text>}
          <Typography.Text code style={{ wordBreak: 'break-all' }}>
            {s.endpoint}
          </Typography.Text>
          <Tag color={s.version === 2 ? 'blue' : 'default'} data-testid="webhook-version-tag">
            {m.department.webhooks.versionTag(s.version ?? 1)}
          </Tag>
        </Space>
      ),
    },
    { title: m.department.webhooks.items, key: 'items', render: (_, s) => list(s.itemCodes, names.item) },
    { title: m.department.webhooks.places, key: 'places', render: (_, s) => list(s.places, names.place) },
    {
      title: m.department.webhooks.eventTypes,
      key: 'events',
      render: (_, s) => list(s.eventTypes, (t) => m.department.webhooks.eventNames[t] ?? t),
    },
    {
      title: m.department.webhooks.active,
      key: 'active',
      render: (_, s) => (
        <Switch
          checked={s.active}
          loading={setActive.isPending && setActive.variables?.subscriptionId === s.subscriptionId}
          checkedChildren={m.department.webhooks.running}
          unCheckedChildren={m.department.webhooks.paused}
          aria-label={m.department.webhooks.activeLabel(s.description ?? s.endpoint)}
          data-testid="webhook-active-toggle"
          onChange={(active) =>
            setActive.mutate(
              { subscriptionId: s.subscriptionId, active },
              {
                onSuccess: () =>
                  void message.success(active ? m.department.webhooks.resumed : m.department.webhooks.pausedDone),
              },
            )
          }
        />
      ),
    },
    { title: m.department.webhooks.createdAt, key: 'createdAt', render: (_, s) => formatTime(s.createdAt) },
    {
      title: m.common.actions,
      key: 'actions',
      render: (_, s) => (
        <Space size={4} wrap>
          <Button
            size="small"
            type={s.subscriptionId === selectedId ? 'primary' : 'default'}
            onClick={() => setParams({ subscription: s.subscriptionId }, { replace: true })}
            data-testid="webhook-deliveries-open"
          >
            {m.department.webhooks.deliveries}
          </Button>
          <Button size="small" onClick={() => setReplayFor(s)} data-testid="webhook-replay">
            {m.department.webhooks.replay}
          </Button>
          <Popconfirm
            title={m.department.webhooks.rotateConfirm}
            okText={m.common.confirm}
            cancelText={m.common.cancel}
            onConfirm={() =>
              rotate.mutate(s.subscriptionId, {
                onSuccess: (r) => setSecret({ value: r.secret, until: r.previousValidUntil }),
              })
            }
          >
            <Button
              size="small"
              loading={rotate.isPending && rotate.variables === s.subscriptionId}
              data-testid="webhook-rotate"
            >
              {m.department.webhooks.rotate}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={m.department.webhooks.title}
        hint={m.department.webhooks.hint}
        extra={
          <>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="webhook-create"
            >
              {m.department.webhooks.create}
            </Button>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => void queryClient.invalidateQueries({ queryKey: ['department'] })}
              data-testid="webhook-refresh"
            >
              {m.common.refresh}
            </Button>
          </>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            aria-label={m.department.webhooks.search}
            placeholder={m.department.webhooks.search}
            allowClear
            onSearch={(v) => {
              setSearch(v);
              reset();
            }}
            style={{ width: 280 }}
          />
        </Space>
        <ErrorAlert error={subscriptions.error ?? setActive.error ?? rotate.error} />
        <Table<SubscriptionView>
          rowKey="subscriptionId"
          data-testid="webhook-subscriptions-table"
          size="middle"
          loading={subscriptions.isFetching}
          columns={columns}
          dataSource={rows}
          pagination={table(shown.length)}
          scroll={{ x: 'max-content' }}
        />
      </Card>
      {selected && <DeliveriesPanel key={selected.subscriptionId} subscription={selected} />}
      <CreateModal open={creating} onClose={() => setCreating(false)} onSecret={(value) => setSecret({ value })} />
      <ReplayModal subscription={replayFor} onClose={() => setReplayFor(undefined)} />
      <SecretModal secret={secret} onClose={() => setSecret(undefined)} />
    </>
  );
}
