import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { answer, api } from '../../api/client';
import { useNames } from '../../api/directory';
import { errorMessage } from '../../api/problem';
import type { CaseView, ReferralStatus, ReferralView } from '../../api/views';
import { useSession } from '../../auth/session';
import { Countdown, formatTime } from '../../components/countdown';
import { ModeName, ReceiverCell, referralStatusColor } from '../../components/referral-receiver';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';
import { useCaseMutation, useContracts } from './case-queries';
import { escalationOf } from './queries';

/** Before the receiver accepted, the township may pick another receiver (referral's OVERRIDABLE). */
const OVERRIDABLE: ReferralStatus[] = ['awaiting_consent', 'awaiting_provider', 'requested', 'received'];

function ConsentOverrideModal({ referral, onClose }: { referral: ReferralView | undefined; onClose: () => void }) {
  const { m } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const send = useCaseMutation((v: { referralId: string; reason: string }) =>
    answer(
      api.referral.POST('/referrals/{referralId}/consent-override', {
        params: { path: { referralId: v.referralId } },
        body: { reason: v.reason },
      }),
    ),
  );
  const ok = async () => {
    const { reason } = await form.validateFields();
    send.mutate(
      { referralId: referral!.referralId, reason: reason.trim() },
      {
        onSuccess: () => {
          void message.success(m.referralPanel.done);
          form.resetFields();
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      open={Boolean(referral)}
      title={m.referralPanel.overrideConsentTitle}
      okText={m.common.submit}
      cancelText={m.common.cancel}
      confirmLoading={send.isPending}
      onOk={() => void ok().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="consent-override-form">
        <Typography.Paragraph type="secondary">{m.referralPanel.overrideConsentHint}</Typography.Paragraph>
        {send.error && (
          <Alert
            type="error"
            showIcon
            title={errorMessage(send.error, m.errors.network)}
            style={{ marginBottom: 12 }}
            role="alert"
          />
        )}
        <Form.Item
          label={m.referralPanel.reason}
          name="reason"
          rules={[{ required: true, whitespace: true, min: 4, max: 500, message: m.referralPanel.reasonRequired }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 6 }}
            maxLength={500}
            showCount
            data-testid="consent-override-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface RouteValues {
  /** `listed`: a receiver the pack names (party branch, village team, neighbours, institution). */
  kind: 'provider' | 'department' | 'listed';
  contractId?: string;
  departmentCode?: string;
  receiverCode?: string;
  reason: string;
}

/**
 * The receivers the pack names that may take the referral by hand: those serving its village, township or county
 * (or the whole region), grouped by kind; never a charity, which gets people only on the county's monthly list.
 */
function useListedReceivers(referral: ReferralView | undefined) {
  const names = useNames();
  const { names: fixed } = useLocale();
  const serving = [...(names.directory?.receivers.values() ?? [])].filter(
    (r) =>
      referral &&
      r.kind !== 'charity' &&
      (!r.area || r.area === referral.village || (r.area.length <= 9 && referral.township.startsWith(r.area))),
  );
  const kinds = [...new Set(serving.map((r) => r.kind ?? ''))];
  return kinds.map((kind) => ({
    label: nameOf(fixed.receiverKind, kind),
    title: nameOf(fixed.receiverKind, kind),
    options: serving.filter((r) => r.kind === kind).map((r) => ({ value: r.code, label: r.name })),
  }));
}

function RouteModal({ referral, onClose }: { referral: ReferralView | undefined; onClose: () => void }) {
  const { m } = useLocale();
  const names = useNames();
  const { message } = App.useApp();
  const [form] = Form.useForm<RouteValues>();
  const kind = Form.useWatch('kind', form);
  const contracts = useContracts(Boolean(referral));
  const listed = useListedReceivers(referral);
  const today = new Date().toISOString().slice(0, 10);
  const fitting = (contracts.data?.items ?? []).filter(
    (c) =>
      referral &&
      c.itemCodes.includes(referral.itemCode) &&
      c.townships.some((t) => referral.township.startsWith(t)) &&
      c.validFrom <= today &&
      today <= c.validTo,
  );
  const route = useCaseMutation((v: RouteValues & { referralId: string }) =>
    answer(
      api.referral.POST('/referrals/{referralId}/route', {
        params: { path: { referralId: v.referralId } },
        body: {
          route:
            v.kind === 'provider'
              ? { kind: 'provider', contractId: v.contractId! }
              : // A listed receiver is served through the department inbox: referral takes it by its code.
                { kind: 'department', departmentCode: v.kind === 'listed' ? v.receiverCode! : v.departmentCode! },
          reason: v.reason.trim(),
        },
      }),
    ),
  );
  const ok = async () => {
    const values = await form.validateFields();
    route.mutate(
      { ...values, referralId: referral!.referralId },
      {
        onSuccess: () => {
          void message.success(m.referralPanel.done);
          form.resetFields();
          onClose();
        },
      },
    );
  };
  const item = referral ? names.directory?.items.get(referral.itemCode) : undefined;
  return (
    <Modal
      open={Boolean(referral)}
      title={m.referralPanel.routeTitle}
      okText={m.common.submit}
      cancelText={m.common.cancel}
      confirmLoading={route.isPending}
      onOk={() => void ok().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<RouteValues>
        form={form}
        layout="vertical"
        initialValues={{
          kind: item?.delivery === 'purchased' || !item?.department ? 'provider' : 'department',
          departmentCode: item?.department,
        }}
        data-testid="route-form"
      >
        {route.error && (
          <Alert
            type="error"
            showIcon
            title={errorMessage(route.error, m.errors.network)}
            style={{ marginBottom: 12 }}
            role="alert"
          />
        )}
        <Form.Item label={m.referralPanel.routeKind} name="kind" rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'provider', label: m.referralPanel.routeProvider },
              { value: 'department', label: m.referralPanel.routeDepartment },
              { value: 'listed', label: m.referralPanel.routeListed },
            ]}
          />
        </Form.Item>
        {kind === 'listed' ? (
          <Form.Item
            label={m.referralPanel.listedReceiver}
            name="receiverCode"
            extra={m.referralPanel.listedHint}
            rules={[{ required: true, message: m.referralPanel.listedRequired }]}
          >
            <Select data-testid="route-listed" showSearch={{ optionFilterProp: 'label' }} options={listed} />
          </Form.Item>
        ) : kind === 'provider' ? (
          <Form.Item
            label={m.referralPanel.contract}
            name="contractId"
            rules={[{ required: true, message: m.referralPanel.contractRequired }]}
          >
            <Select
              loading={contracts.isPending}
              data-testid="route-contract"
              options={fitting.map((c) => ({
                value: c.contractId,
                label: `${names.provider(c.providerId) === c.providerId ? c.providerName : names.provider(c.providerId)}（${c.validFrom} ~ ${c.validTo}）`,
              }))}
            />
          </Form.Item>
        ) : (
          <Form.Item
            label={m.referralPanel.department}
            name="departmentCode"
            rules={[{ required: true, message: m.referralPanel.departmentRequired }]}
          >
            <Select
              data-testid="route-department"
              options={[...(names.directory?.departments.values() ?? [])].map((d) => ({
                value: d.code,
                label: names.department(d.code),
              }))}
            />
          </Form.Item>
        )}
        <Form.Item
          label={m.referralPanel.reason}
          name="reason"
          rules={[{ required: true, whitespace: true, min: 4, max: 500, message: m.referralPanel.reasonRequired }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} showCount data-testid="route-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One referral as referral explains it: why it went where it went, and each step so far (read when opened). */
function ReferralDetail({ referralId }: { referralId: string }) {
  const { m, names } = useLocale();
  const detail = useQuery({
    queryKey: ['case', 'referral', referralId],
    queryFn: () =>
      answer<ReferralView>(api.referral.GET('/referrals/{referralId}', { params: { path: { referralId } } })),
  });
  if (detail.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (detail.error) return <Alert type="error" showIcon title={errorMessage(detail.error, m.errors.network)} />;
  const r = detail.data;
  return (
    <Space orientation="vertical" style={{ maxWidth: 960, whiteSpace: 'normal' }} data-testid="referral-detail">
      {r.mode && (
        <Typography.Text>
          <Typography.Text strong>{m.referralPanel.mode}：</Typography.Text>
          <ModeName mode={r.mode} />
        </Typography.Text>
      )}
      {r.route && (
        <Typography.Text>
          <Typography.Text strong>{m.referralPanel.receiver}：</Typography.Text>
          <ReceiverCell route={r.route} />
        </Typography.Text>
      )}
      {r.listedHandover && (
        <Typography.Text type="secondary" data-testid="referral-listed-handover">
          {m.referralPanel.listedHandover(r.listedHandover.by, formatTime(r.listedHandover.at))}
        </Typography.Text>
      )}
      {r.explanation && (
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          <Typography.Text strong>{m.referralPanel.explanation}：</Typography.Text>
          {r.explanation}
        </Typography.Paragraph>
      )}
      {r.sharingBasis?.basis === 'override' && (
        <Typography.Text type="secondary">
          {m.referralPanel.overrideConsent}：{r.sharingBasis.reason ?? ''}
        </Typography.Text>
      )}
      {(r.history?.length ?? 0) > 0 && (
        <Timeline
          items={r.history!.map((t) => ({
            content: (
              <span>
                {formatTime(t.at)} {nameOf(names.referralStatus, t.from)} → {nameOf(names.referralStatus, t.to)}
                {t.reason ? `：${t.reason}` : ''}
              </span>
            ),
          }))}
        />
      )}
    </Space>
  );
}

/** The referrals made for a case's approved items: where each went and where it stands; the township's actions. */
export function ReferralPanel({
  caseView,
  referrals,
  loading,
  error,
}: {
  caseView: CaseView;
  referrals: ReferralView[] | undefined;
  loading: boolean;
  error: unknown;
}) {
  const { m, names: fixed } = useLocale();
  const names = useNames();
  const session = useSession();
  const role = session.data!.account.role;
  const mayAct = role === 'township_caseworker' || role === 'county_officer';
  const [consentFor, setConsentFor] = useState<ReferralView>();
  const [routeFor, setRouteFor] = useState<ReferralView>();
  if (error) return <Alert type="error" showIcon title={errorMessage(error, m.errors.network)} />;
  if (!loading && (referrals ?? []).length === 0)
    return <Empty description={caseView.status === 'decided' ? m.common.none : m.referralPanel.none} />;
  return (
    <>
      <Table<ReferralView>
        rowKey="referralId"
        size="small"
        loading={loading}
        pagination={false}
        data-testid="case-referrals-table"
        dataSource={referrals}
        scroll={{ x: 'max-content' }}
        expandable={{ expandedRowRender: (r) => <ReferralDetail referralId={r.referralId} /> }}
        columns={[
          { title: m.common.item, key: 'item', render: (_, r) => names.item(r.itemCode) },
          { title: m.referralPanel.mode, key: 'mode', render: (_, r) => <ModeName mode={r.mode} /> },
          { title: m.referralPanel.receiver, key: 'receiver', render: (_, r) => <ReceiverCell route={r.route} /> },
          {
            title: m.referralPanel.status,
            key: 'status',
            render: (_, r) => <Tag color={referralStatusColor(r.status)}>{nameOf(fixed.referralStatus, r.status)}</Tag>,
          },
          { title: m.referralPanel.createdAt, key: 'createdAt', render: (_, r) => formatTime(r.createdAt) },
          {
            title: m.referralPanel.answerDueAt,
            key: 'due',
            render: (_, r) =>
              r.status === 'requested' || r.status === 'received' ? <Countdown dueAt={r.answerDueAt} /> : '',
          },
          {
            title: m.referralPanel.escalation,
            key: 'escalation',
            render: (_, r) =>
              r.status === 'awaiting_provider' ? (
                <Typography.Paragraph
                  ellipsis={{ rows: 2, tooltip: escalationOf(r).reason }}
                  style={{ marginBottom: 0, maxWidth: 320 }}
                >
                  {escalationOf(r).reason ?? ''}
                </Typography.Paragraph>
              ) : (
                ''
              ),
          },
          {
            title: m.common.actions,
            key: 'actions',
            render: (_, r) =>
              mayAct ? (
                <Space>
                  {r.status === 'awaiting_consent' && (
                    <Button size="small" onClick={() => setConsentFor(r)} data-testid="referral-consent-override">
                      {m.referralPanel.overrideConsent}
                    </Button>
                  )}
                  {OVERRIDABLE.includes(r.status) && (
                    <Button
                      size="small"
                      type={r.status === 'awaiting_provider' ? 'primary' : 'default'}
                      onClick={() => setRouteFor(r)}
                      data-testid="referral-route"
                    >
                      {m.referralPanel.route}
                    </Button>
                  )}
                </Space>
              ) : null,
          },
        ]}
      />
      <ConsentOverrideModal referral={consentFor} onClose={() => setConsentFor(undefined)} />
      <RouteModal referral={routeFor} onClose={() => setRouteFor(undefined)} />
    </>
  );
}
