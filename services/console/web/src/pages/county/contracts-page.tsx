import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useNames } from '../../api/directory';
import { pageOf } from '../../api/paging';
import { errorMessage } from '../../api/problem';
import type { ContractView } from '../../api/views';
import { useSession } from '../../auth/session';
import { Countdown } from '../../components/countdown';
import { PageHeader } from '../../components/page-header';
import { PlaceSelect } from '../../components/place-select';
import { useLocale } from '../../i18n/locale';
import { ItemTags } from '../township/cells';
import { ItemSelect, ListError, StatusTag, useFilter } from '../provider/list-parts';
import { contractState, type ContractState } from './county-figures';
import { ProviderIdInput } from './provider-id-input';
import { useContracts, useRegisterContract } from './queries';

const STATE_COLOR: Record<ContractState, string> = { upcoming: 'blue', in_force: 'green', expired: 'default' };

interface ContractValues {
  providerId: string;
  providerName: string;
  itemCodes: string[];
  townships: string[];
  monthlyCapacity: number;
  validity: [Dayjs, Dayjs];
}

/** 登记合同: a purchase-of-service contract with a provider, for government-purchased items of its townships. */
function RegisterContractModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { m } = useLocale();
  const t = m.county.contracts;
  const names = useNames();
  const session = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<ContractValues>();
  const register = useRegisterContract();
  const jurisdiction = session.data?.account.jurisdiction ?? '';
  const townships = names.placesWithin(jurisdiction.slice(0, 9), 'township');
  const purchased = [...(names.directory?.items.values() ?? [])].filter((i) => i.delivery === 'purchased');
  const ok = async () => {
    const v = await form.validateFields();
    register.mutate(
      {
        providerId: v.providerId.trim(),
        providerName: v.providerName.trim(),
        region: session.data!.account.region,
        itemCodes: v.itemCodes,
        townships: v.townships,
        monthlyCapacity: v.monthlyCapacity,
        validFrom: v.validity[0].format('YYYY-MM-DD'),
        validTo: v.validity[1].format('YYYY-MM-DD'),
      },
      {
        onSuccess: () => {
          void message.success(t.registered);
          form.resetFields();
          register.reset();
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      open={open}
      title={t.formTitle}
      width={680}
      okText={m.common.submit}
      okButtonProps={{ 'data-testid': 'contract-submit' }}
      cancelText={m.common.cancel}
      confirmLoading={register.isPending}
      onOk={() => void ok().catch(() => undefined)}
      onCancel={() => {
        register.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="contract-form">
        {register.error && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={errorMessage(register.error, m.errors.network)}
            style={{ marginBottom: 12 }}
          />
        )}
        <Form.Item
          label={t.providerId}
          name="providerId"
          extra={t.providerIdHint}
          rules={[{ required: true, pattern: /^[a-z0-9-]{3,40}$/, message: t.providerIdRequired }]}
        >
          <ProviderIdInput
            maxLength={40}
            testId="contract-provider-id"
            onPick={(p) => form.setFieldValue('providerName', p.name)}
          />
        </Form.Item>
        <Form.Item
          label={t.providerName}
          name="providerName"
          rules={[{ required: true, whitespace: true, min: 2, max: 100, message: t.providerNameRequired }]}
        >
          <Input maxLength={100} data-testid="contract-provider-name" />
        </Form.Item>
        <Form.Item
          label={t.items}
          name="itemCodes"
          extra={t.itemsHint}
          rules={[{ required: true, message: t.itemsRequired }]}
        >
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            options={purchased.map((i) => ({ value: i.code, label: names.item(i.code) }))}
            data-testid="contract-items"
          />
        </Form.Item>
        <Form.Item label={t.townships} name="townships" rules={[{ required: true, message: t.townshipsRequired }]}>
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            options={townships.map((p) => ({ value: p.code, label: names.place(p.code) }))}
            data-testid="contract-townships"
          />
        </Form.Item>
        <Space wrap size="large">
          <Form.Item
            label={t.capacity}
            name="monthlyCapacity"
            extra={t.capacityHint}
            rules={[{ required: true, type: 'integer', min: 1, message: t.capacityRequired }]}
          >
            <InputNumber min={1} max={100000} precision={0} style={{ width: 180 }} data-testid="contract-capacity" />
          </Form.Item>
          <Form.Item label={t.validity} name="validity" rules={[{ required: true, message: t.validityRequired }]}>
            <DatePicker.RangePicker placeholder={[t.validFrom, t.validTo]} data-testid="contract-validity" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

interface ContractFilter {
  providerId?: string;
  item?: string;
  township?: string;
  state?: ContractState;
}

/**
 * 服务合同: the purchase-of-service contracts of the jurisdiction (referral `GET /contracts`, the whole list),
 * filtered and paged here; in force, not yet or expired, with the days left; a new contract is registered here.
 */
export default function ContractsPage() {
  const { m } = useLocale();
  const t = m.county.contracts;
  const names = useNames();
  const contracts = useContracts();
  const [registering, setRegistering] = useState(false);
  const { filter, update, paging, table } = useFilter<ContractFilter>({});
  const today = dayjs().format('YYYY-MM-DD');
  const all = useMemo(() => contracts.data?.items ?? [], [contracts.data]);
  const providers = useMemo(() => [...new Map(all.map((c) => [c.providerId, c.providerName])).entries()], [all]);
  const page = pageOf(
    { items: all },
    paging,
    (c) =>
      (!filter.providerId || c.providerId === filter.providerId) &&
      (!filter.item || c.itemCodes.includes(filter.item)) &&
      (!filter.township || c.townships.includes(filter.township)) &&
      (!filter.state || contractState(c, today) === filter.state),
    (a, b) => b.validTo.localeCompare(a.validTo),
  );
  const columns: ColumnsType<ContractView> = [
    {
      title: t.provider,
      key: 'provider',
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{c.providerName}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.providerId}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t.items, key: 'items', render: (_, c) => <ItemTags codes={c.itemCodes} /> },
    { title: t.townships, key: 'townships', render: (_, c) => c.townships.map((p) => names.place(p)).join('、') },
    { title: t.capacity, key: 'capacity', align: 'right', render: (_, c) => t.perMonth(c.monthlyCapacity) },
    { title: t.validity, key: 'validity', render: (_, c) => `${c.validFrom} ~ ${c.validTo}` },
    {
      title: t.state,
      key: 'state',
      render: (_, c) => {
        const s = contractState(c, today);
        return (
          <Space size={4} wrap>
            <StatusTag color={STATE_COLOR[s]}>{t.states[s]}</StatusTag>
            {s === 'in_force' && <Countdown dueAt={dayjs(c.validTo).endOf('day').toISOString()} />}
          </Space>
        );
      },
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
            onClick={() => setRegistering(true)}
            data-testid="contract-register"
          >
            {t.register}
          </Button>
        }
      />
      <Card>
        <Space wrap className="filter-bar" data-testid="contracts-filters">
          <Select
            aria-label={t.provider}
            placeholder={t.provider}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={filter.providerId}
            onChange={(providerId: string | undefined) => update({ providerId })}
            options={providers.map(([id, name]) => ({ value: id, label: name }))}
            style={{ minWidth: 200 }}
          />
          <ItemSelect
            value={filter.item}
            onChange={(item) => update({ item })}
            only={(i) => i.delivery === 'purchased'}
          />
          <PlaceSelect level="township" value={filter.township} onChange={(township) => update({ township })} />
          <Select
            aria-label={t.state}
            placeholder={t.state}
            allowClear
            value={filter.state}
            onChange={(state: ContractState | undefined) => update({ state })}
            options={(['in_force', 'upcoming', 'expired'] as const).map((s) => ({ value: s, label: t.states[s] }))}
            style={{ minWidth: 120 }}
          />
        </Space>
        <ListError error={contracts.error} />
        <Table<ContractView>
          rowKey="contractId"
          data-testid="contracts-table"
          size="middle"
          loading={contracts.isFetching}
          columns={columns}
          dataSource={page.rows}
          pagination={table(page.total)}
        />
      </Card>
      <RegisterContractModal open={registering} onClose={() => setRegistering(false)} />
    </>
  );
}
