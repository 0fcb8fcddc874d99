import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Empty, Form, Input, InputNumber, Popconfirm, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { answer } from '../../api/client';
import { errorMessage } from '../../api/problem';
import { PageHeader } from '../../components/page-header';
import { useLocale } from '../../i18n/locale';
import { formatFen } from '../provider/money';
import { settlement } from '../provider/service-clients';

/** settlement `GET /top-up-consents`. */
interface ConsentView {
  caseId: string;
  caseNumber: string;
  township: string;
  monthlyFen: number;
  consent: { from: string; until?: string };
}

interface ConsentForm {
  caseNumber: string;
  township: string;
  monthlyYuan: number;
  from: Dayjs;
}

const QUERY_KEY = ['settlement', 'top-up-consents'];

/**
 * 低保金增发部分使用同意 (township, Changji): the families' consents with their monthly amounts, a form recording
 * one by case number, and the withdrawal from a day. Where the region has no such source the service refuses
 * (no_dibao_top_up) and the refusal is shown.
 */
export default function TopUpConsentsPage() {
  const { m } = useLocale();
  const t = m.funding.topUps;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ConsentForm>();
  const [until, setUntil] = useState<Dayjs>(() => dayjs());
  const list = useQuery({
    queryKey: QUERY_KEY,
    queryFn: () => answer<{ items: ConsentView[] }>(settlement.GET('/top-up-consents')),
  });
  const record = useMutation({
    mutationFn: (v: ConsentForm) =>
      answer<ConsentView>(
        settlement.POST('/top-up-consents', {
          body: {
            caseNumber: v.caseNumber,
            township: v.township,
            monthlyFen: Math.round(v.monthlyYuan * 100),
            from: v.from.format('YYYY-MM-DD'),
          },
        }),
      ),
    onSuccess: async () => {
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: QUERY_KEY });
      void message.success(t.recorded);
    },
    onError: (err) => void message.error(errorMessage(err, m.errors.network)),
  });
  const withdraw = useMutation({
    mutationFn: (caseId: string) =>
      answer<ConsentView>(
        settlement.POST('/top-up-consents/{caseId}/withdraw', {
          params: { path: { caseId } },
          body: { until: until.format('YYYY-MM-DD') },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: QUERY_KEY });
      void message.success(t.withdrawn);
    },
    onError: (err) => void message.error(errorMessage(err, m.errors.network)),
  });
  return (
    <>
      <PageHeader title={t.title} hint={t.hint} />
      <Card>
        <Form
          form={form}
          layout="inline"
          data-testid="top-up-form"
          onFinish={(v) => record.mutate(v)}
          initialValues={{ from: dayjs() }}
        >
          <Form.Item name="caseNumber" label={t.caseNumber} rules={[{ required: true }]}>
            <Input data-testid="top-up-case" />
          </Form.Item>
          <Form.Item name="township" label={t.township} rules={[{ required: true, pattern: /^\d{9}$/ }]}>
            <Input data-testid="top-up-township" />
          </Form.Item>
          <Form.Item name="monthlyYuan" label={t.monthly} rules={[{ required: true }]}>
            <InputNumber min={0.01} precision={2} data-testid="top-up-monthly" />
          </Form.Item>
          <Form.Item name="from" label={t.from} rules={[{ required: true }]}>
            <DatePicker data-testid="top-up-from" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={record.isPending} data-testid="top-up-record">
            {t.record}
          </Button>
        </Form>
      </Card>
      <Card style={{ marginTop: 16 }}>
        <Space style={{ marginBottom: 8 }}>
          <label htmlFor="top-up-until">{t.until}</label>
          <DatePicker id="top-up-until" value={until} onChange={(d) => d && setUntil(d)} allowClear={false} />
        </Space>
        <Table
          rowKey="caseId"
          size="small"
          data-testid="top-up-list"
          loading={list.isLoading}
          locale={{ emptyText: <Empty description={t.none} /> }}
          dataSource={list.data?.items ?? []}
          columns={[
            { title: t.caseNumber, dataIndex: 'caseNumber' },
            { title: t.township, dataIndex: 'township' },
            { title: t.monthly, key: 'monthly', align: 'right', render: (_, c) => formatFen(c.monthlyFen) },
            { title: t.from, key: 'from', render: (_, c) => c.consent.from },
            {
              title: t.until,
              key: 'until',
              render: (_, c) => (c.consent.until ? <Tag>{c.consent.until}</Tag> : <Tag color="green">{t.inForce}</Tag>),
            },
            {
              title: '',
              key: 'act',
              render: (_, c) =>
                c.consent.until ? null : (
                  <Popconfirm title={t.withdrawAsk} onConfirm={() => withdraw.mutate(c.caseId)}>
                    <Button size="small">{t.withdraw}</Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
    </>
  );
}
