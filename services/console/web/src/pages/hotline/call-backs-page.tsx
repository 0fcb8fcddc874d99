import { PhoneOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Descriptions,
  Divider,
  Form,
  Input,
  Modal,
  Radio,
  Rate,
  Segmented,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { answer, api } from '../../api/client';
import { formatTime, Waiting } from '../../components/countdown';
import { PageHeader } from '../../components/page-header';
import { PlaceSelect } from '../../components/place-select';
import { useLocale } from '../../i18n/locale';
import { ComplaintKindType, ComplaintSubject, ErrorAlert, OutcomeTag, usePaging } from './cells';
import { RatingForm } from './complaint-drawer';
import type { CallRecordView, ComplaintDetailView } from './hotline-api';
import {
  listCallBacks,
  listResolvedPhoneComplaints,
  recordCallBack,
  resolvedAtOf,
  useComplaint,
  useHotlineList,
  useHotlineMutation,
} from './queries';

/** The call-back of one resolved complaint: what to tell, whom to call, the rating heard, and closing it. */
function CallBackModal({ complaintId, onClose }: { complaintId: string | undefined; onClose: () => void }) {
  const { m } = useLocale();
  const { message } = App.useApp();
  const complaint = useComplaint(complaintId);
  const [form] = Form.useForm<{ note: string }>();
  const c = complaint.data;
  const close = useHotlineMutation((v: { note: string }) =>
    answer(
      api.complaints.POST('/complaints/{complaintId}/transitions', {
        params: { path: { complaintId: complaintId! } },
        body: { to: 'closed', reason: m.hotline.callBacks.closeReason(v.note.trim()) },
      }),
    ),
  );
  return (
    <Modal
      open={Boolean(complaintId)}
      title={c ? m.hotline.callBacks.modalTitle(c.complaintNumber) : m.app.loading}
      onCancel={onClose}
      footer={null}
      width={680}
      destroyOnHidden
      data-testid="callback-modal"
    >
      <ErrorAlert error={complaint.error} />
      {c && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={m.hotline.callBacks.phone}>
              {c.reporter?.phone ? (
                <Space>
                  <PhoneOutlined aria-hidden />
                  <Typography.Text copyable strong data-testid="callback-phone">
                    {c.reporter.phone}
                  </Typography.Text>
                  {c.reporter.name}
                </Space>
              ) : c.anonymous ? (
                m.hotline.detail.anonymous
              ) : (
                <Typography.Text type="secondary">{m.hotline.callBacks.phoneHidden}</Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={m.hotline.queue.subject}>
              <ComplaintSubject c={c} />
            </Descriptions.Item>
            <Descriptions.Item label={m.hotline.form.summary}>{c.summary}</Descriptions.Item>
            <Descriptions.Item label={m.hotline.callBacks.tellOutcome}>
              {c.outcome ? (
                <Space orientation="vertical" size={0}>
                  <Tag color={c.outcome.upheld ? 'red' : 'default'}>
                    {c.outcome.upheld ? m.hotline.transition.upheldYes : m.hotline.transition.upheldNo}
                  </Tag>
                  <Typography.Text strong>{c.outcome.summary}</Typography.Text>
                </Space>
              ) : (
                m.common.notEntered
              )}
            </Descriptions.Item>
          </Descriptions>
          <Divider titlePlacement="start">{m.hotline.rating.title}</Divider>
          {c.rating ? (
            <Space>
              <Rate disabled value={c.rating.score} aria-label={m.hotline.rating.score} />
              {c.rating.comment}
            </Space>
          ) : (
            <RatingForm complaint={c} />
          )}
          {c.status === 'resolved' && (
            <>
              <Divider titlePlacement="start">{m.hotline.callBacks.closeTitle}</Divider>
              <ErrorAlert error={close.error} />
              <Form
                form={form}
                layout="vertical"
                data-testid="callback-close-form"
                onFinish={(v) =>
                  close.mutate(v, {
                    onSuccess: () => {
                      void message.success(m.hotline.callBacks.closed);
                      onClose();
                    },
                  })
                }
              >
                <Form.Item
                  label={m.hotline.callBacks.note}
                  name="note"
                  rules={[{ required: true, whitespace: true, max: 1500, message: m.hotline.callBacks.noteRequired }]}
                >
                  <Input.TextArea
                    autoSize={{ minRows: 2, maxRows: 5 }}
                    maxLength={1500}
                    showCount
                    placeholder={m.hotline.callBacks.notePlaceholder}
                    data-testid="callback-note"
                  />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={close.isPending} data-testid="callback-close-submit">
                  {m.hotline.callBacks.closeSubmit}
                </Button>
              </Form>
            </>
          )}
        </>
      )}
    </Modal>
  );
}

interface ResolvedFilter {
  township?: string;
  q?: string;
  rated?: 'yes' | 'no';
}

/** Phone complaints that were resolved: call back, tell the outcome, note the rating, close. */
function ResolvedComplaintsTab() {
  const { m } = useLocale();
  const { paging, reset, table } = usePaging();
  const [filter, setFilter] = useState<ResolvedFilter>({});
  const [open, setOpen] = useState<string>();
  const update = (f: Partial<ResolvedFilter>) => {
    setFilter((old) => ({ ...old, ...f }));
    reset();
  };
  const list = useHotlineList('call-backs-complaints', filter, paging, listResolvedPhoneComplaints);
  const columns: ColumnsType<ComplaintDetailView> = [
    { title: m.hotline.queue.number, key: 'number', dataIndex: 'complaintNumber' },
    { title: m.hotline.queue.kindType, key: 'kind', render: (_, c) => <ComplaintKindType c={c} /> },
    { title: m.hotline.queue.subject, key: 'subject', render: (_, c) => <ComplaintSubject c={c} /> },
    {
      title: m.hotline.transition.outcome,
      key: 'outcome',
      render: (_, c) => (
        <Typography.Paragraph
          ellipsis={{ rows: 2, tooltip: c.outcome?.summary }}
          style={{ marginBottom: 0, maxWidth: 280 }}
        >
          {c.outcome?.summary}
        </Typography.Paragraph>
      ),
    },
    { title: m.hotline.callBacks.resolvedAt, key: 'resolvedAt', render: (_, c) => formatTime(resolvedAtOf(c)) },
    {
      title: m.hotline.callBacks.waiting,
      key: 'waiting',
      render: (_, c) => {
        const at = resolvedAtOf(c);
        return at ? <Waiting since={at} /> : '';
      },
    },
    {
      title: m.hotline.rating.score,
      key: 'rating',
      render: (_, c) =>
        c.rating ? (
          <Rate disabled value={c.rating.score} aria-label={m.hotline.rating.score} style={{ fontSize: 14 }} />
        ) : (
          <Tag>{m.hotline.callBacks.notRated}</Tag>
        ),
    },
    {
      title: m.common.actions,
      key: 'actions',
      render: (_, c) => (
        <Button
          type="primary"
          size="small"
          icon={<PhoneOutlined />}
          onClick={() => setOpen(c.complaintId)}
          data-testid="callback-open"
          aria-label={`${m.hotline.callBacks.callBack} ${c.complaintNumber}`}
        >
          {m.hotline.callBacks.callBack}
        </Button>
      ),
    },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">{m.hotline.callBacks.complaintsHint}</Typography.Paragraph>
      <Space wrap className="filter-bar" data-testid="callbacks-complaints-filters" style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label={m.hotline.queue.searchLabel}
          placeholder={m.hotline.queue.searchPlaceholder}
          allowClear
          maxLength={40}
          onSearch={(q) => update({ q: q.trim() || undefined })}
          style={{ width: 260 }}
        />
        <PlaceSelect level="township" value={filter.township} onChange={(township) => update({ township })} />
        <Select
          aria-label={m.hotline.rating.score}
          placeholder={m.hotline.rating.score}
          allowClear
          value={filter.rated}
          onChange={(rated: ResolvedFilter['rated']) => update({ rated })}
          options={[
            { value: 'no', label: m.hotline.callBacks.notRated },
            { value: 'yes', label: m.hotline.callBacks.rated },
          ]}
          style={{ minWidth: 120 }}
        />
      </Space>
      <ErrorAlert error={list.error} />
      <Table<ComplaintDetailView>
        rowKey="complaintId"
        data-testid="hotline-callbacks-complaints-table"
        size="middle"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.rows}
        pagination={table(list.data?.total)}
        scroll={{ x: 'max-content' }}
      />
      <CallBackModal complaintId={open} onClose={() => setOpen(undefined)} />
    </>
  );
}

/** Recording an attempt to ring a caller back: reached (the call-back is done) or not, with a note. */
function CallBackAttemptModal({ call, onClose }: { call: CallRecordView | undefined; onClose: () => void }) {
  const { m } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reached: boolean; note?: string }>();
  const record = useHotlineMutation((v: { callSid: string; reached: boolean; note?: string }) =>
    recordCallBack(v.callSid, { reached: v.reached, ...(v.note?.trim() ? { note: v.note.trim() } : {}) }),
  );
  const ok = async () => {
    const v = await form.validateFields();
    record.mutate(
      { callSid: call!.callSid, ...v },
      {
        onSuccess: () => {
          void message.success(v.reached ? m.hotline.callBacks.reached : m.hotline.callBacks.notReached);
          form.resetFields();
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      open={Boolean(call)}
      title={m.hotline.callBacks.attemptTitle}
      okText={m.common.save}
      okButtonProps={{ 'data-testid': 'callback-attempt-submit' } as never}
      cancelText={m.common.cancel}
      confirmLoading={record.isPending}
      onOk={() => void ok().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      {call && (
        <Descriptions column={1} size="small" bordered style={{ marginBottom: 12 }}>
          <Descriptions.Item label={m.hotline.callBacks.phone}>
            <CallerNumber call={call} />
          </Descriptions.Item>
          <Descriptions.Item label={m.hotline.callBacks.reason}>
            {call.callBack ? m.hotline.callBacks.reasons[call.callBack.reason] : ''}
          </Descriptions.Item>
        </Descriptions>
      )}
      <ErrorAlert error={record.error} />
      <Form form={form} layout="vertical" data-testid="callback-attempt-form" initialValues={{ reached: true }}>
        <Form.Item label={m.hotline.callBacks.reachedQuestion} name="reached" rules={[{ required: true }]}>
          <Radio.Group
            data-testid="callback-attempt-reached"
            options={[
              { value: true, label: m.hotline.callBacks.reachedYes },
              { value: false, label: m.hotline.callBacks.reachedNo },
            ]}
          />
        </Form.Item>
        <Form.Item label={m.hotline.callBacks.note} name="note" rules={[{ max: 500 }]}>
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 5 }}
            maxLength={500}
            showCount
            placeholder={m.hotline.callBacks.attemptPlaceholder}
            data-testid="callback-attempt-note"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The number to ring: in clear for the hotline (the IVR gives it to hotline operators only), else masked. */
function CallerNumber({ call }: { call: CallRecordView }) {
  if (!call.callerNumber) return <span className="masked-id">{call.callerMasked}</span>;
  return (
    <Space>
      <PhoneOutlined aria-hidden />
      <Typography.Text copyable strong data-testid="callback-caller-number">
        {call.callerNumber}
      </Typography.Text>
    </Space>
  );
}

/** IVR callers to ring back: hung up, asked for a person, left no recording, or a service failed on them. */
function UnansweredCallsTab() {
  const { m } = useLocale();
  const { paging, reset, table } = usePaging();
  const [state, setState] = useState<'pending' | 'done'>('pending');
  const [attemptFor, setAttemptFor] = useState<CallRecordView>();
  const list = useHotlineList('call-backs-calls', { state }, paging, listCallBacks);
  const columns: ColumnsType<CallRecordView> = [
    { title: m.hotline.calls.startedAt, key: 'startedAt', render: (_, c) => formatTime(c.startedAt) },
    { title: m.hotline.callBacks.phone, key: 'caller', render: (_, c) => <CallerNumber call={c} /> },
    {
      title: m.hotline.callBacks.reason,
      key: 'reason',
      render: (_, c) =>
        c.callBack ? <Tag color="orange">{m.hotline.callBacks.reasons[c.callBack.reason]}</Tag> : null,
    },
    { title: m.hotline.calls.outcome, key: 'outcome', render: (_, c) => <OutcomeTag outcome={c.outcome} /> },
    {
      title: m.hotline.callBacks.lastStep,
      key: 'last',
      render: (_, c) => {
        const node = c.path[c.path.length - 1]?.split(':')[0] ?? '';
        return m.hotline.calls.steps[node] ?? node;
      },
    },
    {
      title: m.hotline.callBacks.waiting,
      key: 'waiting',
      render: (_, c) => (state === 'pending' ? <Waiting since={c.endedAt ?? c.updatedAt} /> : ''),
    },
    {
      title: m.hotline.callBacks.callBackState,
      key: 'attempts',
      render: (_, c) => {
        const attempts = c.callBack?.attempts ?? [];
        const last = attempts[attempts.length - 1];
        if (!last) return <Tag>{m.hotline.callBacks.notYet}</Tag>;
        return (
          <Space orientation="vertical" size={0}>
            <Tag color={last.reached ? 'green' : 'orange'}>
              {last.reached ? m.hotline.callBacks.reached : m.hotline.callBacks.notReached}
            </Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {m.hotline.callBacks.attempts(attempts.length, formatTime(last.at), last.by)}
            </Typography.Text>
            {last.note && <Typography.Text style={{ fontSize: 12 }}>{last.note}</Typography.Text>}
          </Space>
        );
      },
    },
    {
      title: m.common.actions,
      key: 'actions',
      render: (_, c) =>
        c.callBack?.state === 'pending' ? (
          <Button
            type="primary"
            size="small"
            icon={<PhoneOutlined />}
            onClick={() => setAttemptFor(c)}
            data-testid="callback-attempt"
            aria-label={`${m.hotline.callBacks.recordAttempt} ${c.callerMasked}`}
          >
            {m.hotline.callBacks.recordAttempt}
          </Button>
        ) : null,
    },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">{m.hotline.callBacks.callsHint}</Typography.Paragraph>
      <Space wrap className="filter-bar" data-testid="callbacks-calls-filters" style={{ marginBottom: 12 }}>
        <Segmented<'pending' | 'done'>
          aria-label={m.hotline.callBacks.callBackState}
          value={state}
          onChange={(v) => {
            setState(v);
            reset();
          }}
          options={[
            { value: 'pending', label: m.hotline.callBacks.statePending },
            { value: 'done', label: m.hotline.callBacks.stateDone },
          ]}
        />
      </Space>
      <ErrorAlert error={list.error} />
      <Table<CallRecordView>
        rowKey="callSid"
        data-testid="hotline-callbacks-calls-table"
        size="middle"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.rows}
        pagination={table(list.data?.total)}
        scroll={{ x: 'max-content' }}
      />
      <CallBackAttemptModal call={attemptFor} onClose={() => setAttemptFor(undefined)} />
    </>
  );
}

/**
 * The call-back list (回访回拨): phone complaints resolved and waiting to be told the outcome and rated, and the
 * IVR's callers who hung up or asked for a person without getting anything done.
 */
export default function CallBacksPage() {
  const { m } = useLocale();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const active = params.get('tab') === 'calls' ? 'calls' : 'complaints';
  return (
    <>
      <PageHeader
        title={m.hotline.callBacks.title}
        hint={m.hotline.callBacks.hint}
        extra={
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void queryClient.invalidateQueries({ queryKey: ['hotline'] })}
            data-testid="hotline-callbacks-refresh"
          >
            {m.common.refresh}
          </Button>
        }
      />
      <Card>
        <Tabs
          data-testid="hotline-callbacks-tabs"
          activeKey={active}
          onChange={(tab) => setParams({ tab }, { replace: true })}
          destroyOnHidden
          items={[
            { key: 'complaints', label: m.hotline.callBacks.tabComplaints, children: <ResolvedComplaintsTab /> },
            { key: 'calls', label: m.hotline.callBacks.tabCalls, children: <UnansweredCallsTab /> },
          ]}
        />
      </Card>
    </>
  );
}
