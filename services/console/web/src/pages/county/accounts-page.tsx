import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import type { ConsoleRole } from '../../api/bff';
import { useNames } from '../../api/directory';
import { pageOf } from '../../api/paging';
import { errorMessage } from '../../api/problem';
import { useSession } from '../../auth/session';
import { formatTime } from '../../components/countdown';
import { PageHeader } from '../../components/page-header';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';
import { ListError, StatusTag, useFilter } from '../provider/list-parts';
import { ProviderIdInput } from './provider-id-input';
import { useAccounts, useChangeAccount, useCreateAccount, type AccountChange } from './queries';
import type { AccountView } from './views';

const ROLES: ConsoleRole[] = [
  'township_caseworker',
  'village_coordinator',
  'provider_staff',
  'department_staff',
  'hotline_operator',
  'county_officer',
];

type AccountState = 'active' | 'disabled' | 'locked' | 'must_change';

export function accountState(a: AccountView, now: number): AccountState {
  if (a.disabled) return 'disabled';
  if (a.lockedUntil && Date.parse(a.lockedUntil) > now) return 'locked';
  if (a.mustChangePassword) return 'must_change';
  return 'active';
}
const STATE_COLOR: Record<AccountState, string> = {
  active: 'green',
  disabled: 'default',
  locked: 'red',
  must_change: 'orange',
};

/**
 * Where an account of a role may sit, within the county's jurisdiction (the BFF's rule): a county officer at the
 * county; a township caseworker at a township; a village coordinator at a township or village; the others
 * anywhere in the county.
 */
function usePlacesFor(role: ConsoleRole | undefined) {
  const names = useNames();
  const session = useSession();
  const own = session.data?.account.jurisdiction ?? '';
  const townships = names.placesWithin(own.slice(0, 9), 'township');
  const villages = names.placesWithin(own.slice(0, 12), 'village');
  const ownPlace = { value: own, label: session.data?.account.jurisdictionName ?? names.place(own) };
  const option = (p: { code: string }) => ({ value: p.code, label: names.place(p.code) });
  if (role === 'county_officer') return [ownPlace];
  if (role === 'township_caseworker') return townships.map(option);
  if (role === 'village_coordinator')
    return townships.flatMap((tw) => [
      option(tw),
      ...villages
        .filter((v) => v.code.startsWith(tw.code))
        .map((v) => ({ value: v.code, label: `${names.place(tw.code)} · ${names.place(v.code)}` })),
    ]);
  return [ownPlace, ...townships.map(option)];
}

interface AccountValues {
  username: string;
  displayName: string;
  role: ConsoleRole;
  jurisdiction: string;
  providerId?: string;
  departmentCode?: string;
}

/** The temporary password of a new or reset account, shown once, to hand over in person. */
function TemporaryPassword({
  value,
  onClose,
}: {
  value: { username: string; password: string } | undefined;
  onClose: () => void;
}) {
  const { m } = useLocale();
  const t = m.county.accounts;
  return (
    <Modal
      open={Boolean(value)}
      title={t.temporaryPasswordTitle}
      onOk={onClose}
      onCancel={onClose}
      okText={m.common.confirm}
      cancelButtonProps={{ style: { display: 'none' } }}
      destroyOnHidden
    >
      {value && (
        <>
          <Typography.Paragraph>{t.temporaryPasswordHint(value.username)}</Typography.Paragraph>
          <Typography.Paragraph>
            <Typography.Text code copyable strong style={{ fontSize: 18 }} data-testid="temporary-password">
              {value.password}
            </Typography.Text>
          </Typography.Paragraph>
        </>
      )}
    </Modal>
  );
}

/** Creates an account, or changes one (`editing`): name, role, place, provider or department. */
function AccountModal({
  open,
  editing,
  onClose,
  onPassword,
}: {
  open: boolean;
  editing: AccountView | undefined;
  onClose: () => void;
  onPassword: (p: { username: string; password: string }) => void;
}) {
  const { m, names: fixed } = useLocale();
  const t = m.county.accounts;
  const names = useNames();
  const { message } = App.useApp();
  const [form] = Form.useForm<AccountValues>();
  const role = Form.useWatch('role', form) ?? editing?.role;
  const places = usePlacesFor(role);
  const create = useCreateAccount();
  const change = useChangeAccount();
  const saving = create.isPending || change.isPending;
  const error = create.error ?? change.error;
  const departments = [...(names.directory?.departments.values() ?? [])];
  const receivers = [...(names.directory?.receivers.values() ?? [])];

  const close = () => {
    create.reset();
    change.reset();
    form.resetFields();
    onClose();
  };
  const ok = async () => {
    const v = await form.validateFields();
    const placement = {
      ...(v.role === 'provider_staff' ? { providerId: v.providerId?.trim() } : {}),
      ...(v.role === 'department_staff' ? { departmentCode: v.departmentCode } : {}),
    };
    if (!editing) {
      create.mutate(
        {
          username: v.username.trim().toLowerCase(),
          displayName: v.displayName.trim(),
          role: v.role,
          jurisdiction: v.jurisdiction,
          ...placement,
        },
        {
          onSuccess: (done) => {
            void message.success(t.created);
            onPassword({ username: done.account.username, password: done.temporaryPassword });
            close();
          },
        },
      );
      return;
    }
    const diff: AccountChange = {};
    if (v.displayName.trim() !== editing.displayName) diff.displayName = v.displayName.trim();
    if (v.role !== editing.role) diff.role = v.role;
    if (v.jurisdiction !== editing.jurisdiction) diff.jurisdiction = v.jurisdiction;
    if (v.role === 'provider_staff' && v.providerId?.trim() !== editing.providerId)
      diff.providerId = v.providerId!.trim();
    if (v.role !== 'provider_staff' && editing.providerId) diff.providerId = null;
    if (v.role === 'department_staff' && v.departmentCode !== editing.departmentCode)
      diff.departmentCode = v.departmentCode!;
    if (v.role !== 'department_staff' && editing.departmentCode) diff.departmentCode = null;
    if (!Object.keys(diff).length) return close();
    change.mutate(
      { username: editing.username, change: diff },
      {
        onSuccess: () => {
          void message.success(t.changed);
          close();
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={editing ? t.editTitle(editing.displayName) : t.createTitle}
      okText={m.common.save}
      okButtonProps={{ 'data-testid': 'account-submit' }}
      cancelText={m.common.cancel}
      confirmLoading={saving}
      onOk={() => void ok().catch(() => undefined)}
      onCancel={close}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="account-form"
        preserve={false}
        initialValues={
          editing
            ? {
                username: editing.username,
                displayName: editing.displayName,
                role: editing.role,
                jurisdiction: editing.jurisdiction,
                providerId: editing.providerId,
                departmentCode: editing.departmentCode,
              }
            : { role: 'township_caseworker' }
        }
      >
        {error && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={errorMessage(error, m.errors.network)}
            style={{ marginBottom: 12 }}
          />
        )}
        <Form.Item
          label={t.username}
          name="username"
          extra={editing ? undefined : t.usernameHint}
          rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9._-]{2,31}$/i, message: t.usernameRequired }]}
        >
          <Input maxLength={32} disabled={Boolean(editing)} autoComplete="off" data-testid="account-field-username" />
        </Form.Item>
        <Form.Item
          label={t.displayName}
          name="displayName"
          rules={[{ required: true, whitespace: true, max: 50, message: t.displayNameRequired }]}
        >
          <Input maxLength={50} data-testid="account-field-display-name" />
        </Form.Item>
        <Form.Item label={t.role} name="role" rules={[{ required: true, message: t.roleRequired }]}>
          <Select
            options={ROLES.map((r) => ({ value: r, label: m.roles[r] }))}
            onChange={() => form.setFieldValue('jurisdiction', undefined)}
            data-testid="account-field-role"
          />
        </Form.Item>
        <Form.Item
          label={t.jurisdiction}
          name="jurisdiction"
          rules={[{ required: true, message: t.jurisdictionRequired }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={places}
            data-testid="account-field-jurisdiction"
          />
        </Form.Item>
        {role === 'provider_staff' && (
          <Form.Item
            label={t.provider}
            name="providerId"
            extra={t.providerHint}
            rules={[{ required: true, whitespace: true, max: 100, message: t.providerRequired }]}
          >
            <ProviderIdInput maxLength={100} testId="account-field-provider" />
          </Form.Item>
        )}
        {role === 'department_staff' && (
          <Form.Item
            label={t.department}
            name="departmentCode"
            rules={[{ required: true, message: t.departmentRequired }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              // A department, or a receiver the pack names (党支部、红马夹帮扶队 …), which works the same inbox.
              options={[
                {
                  label: t.department,
                  title: t.department,
                  options: departments.map((d) => ({ value: d.code, label: names.department(d.code) })),
                },
                ...[...new Set(receivers.map((r) => r.kind ?? ''))].map((kind) => ({
                  label: nameOf(fixed.receiverKind, kind),
                  title: nameOf(fixed.receiverKind, kind),
                  options: receivers.filter((r) => r.kind === kind).map((r) => ({ value: r.code, label: r.name })),
                })),
              ]}
              data-testid="account-field-department"
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

interface AccountFilter {
  q?: string;
  role?: ConsoleRole;
  state?: AccountState;
}

/**
 * 账号管理: the console accounts of the county (BFF `/console/accounts`): create one (the temporary password is
 * shown once), change its name, role, place, provider or department, disable or enable it, reset its password.
 * Every change is audited by the BFF (审计日志).
 */
export default function AccountsPage() {
  const { m } = useLocale();
  const t = m.county.accounts;
  const names = useNames();
  const session = useSession();
  const { message, modal } = App.useApp();
  const accounts = useAccounts();
  const change = useChangeAccount();
  const [modalOpen, setModalOpen] = useState(false);
  const [editing, setEditing] = useState<AccountView>();
  const [password, setPassword] = useState<{ username: string; password: string }>();
  const { filter, update, paging, table } = useFilter<AccountFilter>({});
  const now = Date.now();
  const me = session.data?.account.username;
  const all = useMemo(() => accounts.data?.items ?? [], [accounts.data]);
  const page = pageOf(
    { items: all },
    paging,
    (a) =>
      (!filter.q?.trim() ||
        a.username.includes(filter.q.trim().toLowerCase()) ||
        a.displayName.includes(filter.q.trim())) &&
      (!filter.role || a.role === filter.role) &&
      (!filter.state || accountState(a, now) === filter.state),
    (a, b) => a.role.localeCompare(b.role) || a.username.localeCompare(b.username),
  );

  const toggle = (a: AccountView) =>
    modal.confirm({
      title: a.disabled ? t.enableConfirm(a.displayName) : t.disableConfirm(a.displayName),
      content: a.disabled ? undefined : t.disableHint,
      okText: a.disabled ? t.enable : t.disable,
      okButtonProps: { danger: !a.disabled, 'data-testid': 'account-toggle-confirm' },
      cancelText: m.common.cancel,
      onOk: () =>
        change.mutateAsync({ username: a.username, change: { disabled: !a.disabled } }).then(
          () => void message.success(t.changed),
          (err: unknown) => void message.error(errorMessage(err, m.errors.network)),
        ),
    });
  const resetPassword = (a: AccountView) =>
    modal.confirm({
      title: t.resetConfirm(a.displayName),
      content: t.resetHint,
      okText: t.resetPassword,
      okButtonProps: { 'data-testid': 'account-reset-confirm' },
      cancelText: m.common.cancel,
      onOk: () =>
        change.mutateAsync({ username: a.username, change: { resetPassword: true } }).then(
          (done) => {
            if (done.temporaryPassword) setPassword({ username: a.username, password: done.temporaryPassword });
          },
          (err: unknown) => void message.error(errorMessage(err, m.errors.network)),
        ),
    });

  const columns: ColumnsType<AccountView> = [
    {
      title: t.username,
      key: 'username',
      render: (_, a) => (
        <Space size={4}>
          <Typography.Text code>{a.username}</Typography.Text>
          {a.demo && <StatusTag color="gold">{m.app.demo}</StatusTag>}
        </Space>
      ),
    },
    { title: t.displayName, key: 'name', dataIndex: 'displayName' },
    { title: t.role, key: 'role', render: (_, a) => <StatusTag color="blue">{m.roles[a.role]}</StatusTag> },
    { title: t.jurisdiction, key: 'jurisdiction', render: (_, a) => a.jurisdictionName || names.place(a.jurisdiction) },
    {
      title: t.unit,
      key: 'unit',
      render: (_, a) =>
        a.providerId ? names.provider(a.providerId) : a.departmentCode ? names.receiver(a.departmentCode) : '',
    },
    {
      title: m.common.status,
      key: 'state',
      render: (_, a) => {
        const s = accountState(a, now);
        return (
          <Space size={4} wrap>
            <StatusTag color={STATE_COLOR[s]}>{t.states[s]}</StatusTag>
            {a.totpEnabled && <Tag>{t.totp}</Tag>}
          </Space>
        );
      },
    },
    { title: t.lastSignIn, key: 'last', render: (_, a) => (a.lastSignInAt ? formatTime(a.lastSignInAt) : t.never) },
    {
      title: m.common.actions,
      key: 'actions',
      render: (_, a) => (
        <Space wrap size={4}>
          <Button
            size="small"
            onClick={() => {
              setEditing(a);
              setModalOpen(true);
            }}
            data-testid="account-edit"
            autoInsertSpace={false}
            aria-label={`${t.edit} ${a.username}`}
          >
            {t.edit}
          </Button>
          <Button
            size="small"
            onClick={() => resetPassword(a)}
            data-testid="account-reset"
            autoInsertSpace={false}
            aria-label={`${t.resetPassword} ${a.username}`}
          >
            {t.resetPassword}
          </Button>
          {a.username !== me && (
            <Button
              size="small"
              onClick={() => toggle(a)}
              data-testid="account-toggle"
              autoInsertSpace={false}
              aria-label={`${a.disabled ? t.enable : t.disable} ${a.username}`}
            >
              {a.disabled ? t.enable : t.disable}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t.title}
        hint={t.hint}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              setEditing(undefined);
              setModalOpen(true);
            }}
            data-testid="account-create"
          >
            {t.create}
          </Button>
        }
      />
      <Card>
        <Space wrap className="filter-bar" data-testid="accounts-filters">
          <Input.Search
            allowClear
            aria-label={t.search}
            placeholder={t.search}
            onSearch={(q) => update({ q })}
            style={{ width: 220 }}
          />
          <Select
            aria-label={t.role}
            placeholder={t.role}
            allowClear
            value={filter.role}
            onChange={(role: ConsoleRole | undefined) => update({ role })}
            options={ROLES.map((r) => ({ value: r, label: m.roles[r] }))}
            style={{ minWidth: 160 }}
          />
          <Select
            aria-label={m.common.status}
            placeholder={m.common.status}
            allowClear
            value={filter.state}
            onChange={(state: AccountState | undefined) => update({ state })}
            options={(['active', 'must_change', 'locked', 'disabled'] as const).map((s) => ({
              value: s,
              label: t.states[s],
            }))}
            style={{ minWidth: 140 }}
          />
        </Space>
        <ListError error={accounts.error} />
        <Table<AccountView>
          rowKey="username"
          data-testid="accounts-table"
          size="middle"
          loading={accounts.isFetching}
          columns={columns}
          dataSource={page.rows}
          pagination={table(page.total)}
          scroll={{ x: 'max-content' }}
        />
      </Card>
      <AccountModal
        key={editing?.username ?? 'new'}
        open={modalOpen}
        editing={editing}
        onClose={() => setModalOpen(false)}
        onPassword={setPassword}
      />
      <TemporaryPassword value={password} onClose={() => setPassword(undefined)} />
    </>
  );
}
