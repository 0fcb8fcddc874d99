import { App, Button, Card, Empty, Form, Input, Modal, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useNames } from '../../api/directory';
import { formatTime } from '../../components/countdown';
import { PageHeader } from '../../components/page-header';
import { useLocale } from '../../i18n/locale';
import { ListError } from '../provider/list-parts';
import { latestOf, PlanTerms } from '../provider/plan-panel';
import { useApprovePlan, usePlans, useReturnPlan } from '../provider/plan-queries';
import type { PlanView } from '../provider/views';
import { ItemTags } from './cells';

/**
 * 服务方案审核: the service plans providers proposed for people of the township, awaiting review. Approving a plan
 * has its visits generated (provider-scheduling); returning it sends it back to the provider with the reason.
 */
export default function PlanReviewPage() {
  const { m } = useLocale();
  const t = m.provider.review;
  const names = useNames();
  const { message } = App.useApp();
  const plans = usePlans('proposed');
  const approve = useApprovePlan();
  const [returning, setReturning] = useState<PlanView>();
  return (
    <>
      <PageHeader title={t.title} hint={t.hint} />
      <Card>
        <ListError error={plans.error ?? approve.error} />
        <Table<PlanView>
          rowKey="planId"
          data-testid="plan-review-table"
          loading={plans.isFetching}
          dataSource={plans.data}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showTotal: (n) => m.common.total(n) }}
          locale={{ emptyText: <Empty description={t.none} /> }}
          columns={[
            { title: m.common.caseNumber, key: 'case', dataIndex: 'caseNumber' },
            { title: m.provider.assignments.person, key: 'person', render: (_, p) => p.person.name },
            { title: m.common.township, key: 'township', render: (_, p) => names.place(p.township) },
            { title: m.common.item, key: 'item', render: (_, p) => <ItemTags codes={[p.itemCode]} /> },
            {
              title: t.provider,
              key: 'provider',
              render: (_, p) => names.provider(p.providerId),
            },
            {
              title: t.plan,
              key: 'plan',
              render: (_, p) => (
                <Space direction="vertical" size={4}>
                  <Tag>
                    {m.provider.plan.version(latestOf(p).version)} · {formatTime(latestOf(p).proposedAt)}
                  </Tag>
                  <PlanTerms version={latestOf(p)} />
                </Space>
              ),
            },
            {
              title: m.common.actions,
              key: 'actions',
              render: (_, p) => (
                <Space>
                  <Button
                    type="primary"
                    loading={approve.isPending && approve.variables === p.referralId}
                    data-testid="approve-plan"
                    aria-label={`${t.approve} ${p.caseNumber}`}
                    onClick={() =>
                      approve.mutate(p.referralId, {
                        onSuccess: (r) => void message.success(t.approved(r.generation.scheduled)),
                      })
                    }
                  >
                    {t.approve}
                  </Button>
                  <Button
                    danger
                    data-testid="return-plan"
                    aria-label={`${t.returnPlan} ${p.caseNumber}`}
                    onClick={() => setReturning(p)}
                  >
                    {t.returnPlan}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <ReturnPlanModal plan={returning} onClose={() => setReturning(undefined)} />
    </>
  );
}

function ReturnPlanModal({ plan, onClose }: { plan: PlanView | undefined; onClose: () => void }) {
  const { m } = useLocale();
  const t = m.provider.review;
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const send = useReturnPlan();
  const ok = async () => {
    const { reason } = await form.validateFields();
    send.mutate(
      { referralId: plan!.referralId, reason: reason.trim() },
      {
        onSuccess: () => {
          void message.success(t.returned);
          form.resetFields();
          send.reset();
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      open={Boolean(plan)}
      title={t.returnTitle}
      okText={m.common.submit}
      okButtonProps={{ danger: true, 'data-testid': 'return-plan-submit' }}
      cancelText={m.common.cancel}
      confirmLoading={send.isPending}
      onOk={() => void ok().catch(() => undefined)}
      onCancel={() => {
        send.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="return-plan-form">
        <ListError error={send.error} />
        <Form.Item
          label={m.provider.assignments.reason}
          name="reason"
          rules={[
            { required: true, whitespace: true, min: 2, max: 500, message: m.provider.assignments.reasonRequired },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={500} data-testid="return-plan-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
