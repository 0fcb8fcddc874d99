import {
  App,
  Button,
  Descriptions,
  Divider,
  Drawer,
  Empty,
  Form,
  Input,
  Radio,
  Rate,
  Select,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { answer, api } from '../../api/client';
import { useNames } from '../../api/directory';
import { useSession } from '../../auth/session';
import { formatTime } from '../../components/countdown';
import { PlaceSelect } from '../../components/place-select';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';
import { AssigneeCell, ComplaintDue, ComplaintKindType, ComplaintStatus, ComplaintSubject, ErrorAlert } from './cells';
import type { ComplaintDetailView } from './hotline-api';
import { nextStatuses } from './complaint-rules';
import { useComplaint, useHotlineMutation } from './queries';
import { AttachmentPlayer } from './recording-player';

interface TransitionValues {
  to: string;
  reason: string;
  level?: 'township' | 'county' | 'provider';
  township?: string;
  county?: string;
  provider?: string;
  upheld?: boolean;
  outcome?: string;
}

/** Moves a complaint on: acknowledge, assign (township / county / provider), investigate, resolve, close, reopen. */
function TransitionForm({ complaint }: { complaint: ComplaintDetailView }) {
  const { m, names: fixed } = useLocale();
  const names = useNames();
  const session = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<TransitionValues>();
  const to = Form.useWatch('to', form);
  const level = Form.useWatch('level', form);
  const options = nextStatuses(complaint);
  const jurisdiction = session.data?.account.jurisdiction ?? '';
  const counties = [...(names.directory?.places.values() ?? [])].filter(
    (p) => p.level === 'county' && (p.code.startsWith(jurisdiction) || jurisdiction.startsWith(p.code)),
  );
  const providers = [...(names.directory?.providers.values() ?? [])];
  const move = useHotlineMutation((v: TransitionValues) =>
    answer<ComplaintDetailView>(
      api.complaints.POST('/complaints/{complaintId}/transitions', {
        params: { path: { complaintId: complaint.complaintId } },
        body: {
          to: v.to as never,
          reason: v.reason.trim(),
          ...(v.to === 'assigned'
            ? {
                assignee: {
                  level: v.level!,
                  unit: v.level === 'township' ? v.township! : v.level === 'county' ? v.county! : v.provider!,
                },
              }
            : {}),
          ...(v.to === 'resolved' ? { outcome: { upheld: Boolean(v.upheld), summary: v.outcome!.trim() } } : {}),
        },
      }),
    ),
  );
  if (options.length === 0) return null;
  const submit = (v: TransitionValues) =>
    move.mutate(v, {
      onSuccess: (c) => {
        void message.success(m.hotline.transition.done(nameOf(fixed.complaintStatus, c.status)));
        form.resetFields();
      },
    });
  return (
    <Form<TransitionValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      data-testid="complaint-transition-form"
      initialValues={{ level: 'township', upheld: true }}
    >
      <Typography.Title level={4}>{m.hotline.transition.title}</Typography.Title>
      <ErrorAlert error={move.error} />
      <Form.Item
        label={m.hotline.transition.to}
        name="to"
        rules={[{ required: true, message: m.hotline.transition.toRequired }]}
      >
        <Radio.Group
          optionType="button"
          data-testid="complaint-transition-to"
          options={options.map((s) => ({ value: s, label: m.hotline.transition.actions[s] ?? s }))}
        />
      </Form.Item>
      {to === 'assigned' && (
        <>
          <Form.Item label={m.hotline.transition.assigneeLevel} name="level" rules={[{ required: true }]}>
            <Radio.Group
              options={(['township', 'county', 'provider'] as const).map((l) => ({
                value: l,
                label: nameOf(fixed.level, l),
              }))}
            />
          </Form.Item>
          {level === 'township' && (
            <Form.Item
              label={m.common.township}
              name="township"
              rules={[{ required: true, message: m.hotline.transition.unitRequired }]}
            >
              <PlaceSelect level="township" testId="complaint-assign-township" />
            </Form.Item>
          )}
          {level === 'county' && (
            <Form.Item
              label={m.hotline.transition.county}
              name="county"
              rules={[{ required: true, message: m.hotline.transition.unitRequired }]}
            >
              <Select
                data-testid="complaint-assign-county"
                options={counties.map((c) => ({ value: c.code, label: names.place(c.code) }))}
              />
            </Form.Item>
          )}
          {level === 'provider' && (
            <Form.Item
              label={m.hotline.subject.provider}
              name="provider"
              rules={[{ required: true, message: m.hotline.transition.unitRequired }]}
            >
              <Select
                data-testid="complaint-assign-provider"
                showSearch={{ optionFilterProp: 'label' }}
                options={providers.map((p) => ({ value: p.code, label: names.provider(p.code) }))}
              />
            </Form.Item>
          )}
        </>
      )}
      {to === 'resolved' && (
        <>
          <Form.Item label={m.hotline.transition.upheld} name="upheld" rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: true, label: m.hotline.transition.upheldYes },
                { value: false, label: m.hotline.transition.upheldNo },
              ]}
            />
          </Form.Item>
          <Form.Item
            label={m.hotline.transition.outcome}
            name="outcome"
            rules={[{ required: true, whitespace: true, message: m.hotline.transition.outcomeRequired }]}
          >
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={2000}
              showCount
              data-testid="complaint-transition-outcome"
            />
          </Form.Item>
        </>
      )}
      <Form.Item
        label={m.hotline.transition.reason}
        name="reason"
        rules={[{ required: true, whitespace: true, max: 2000, message: m.hotline.transition.reasonRequired }]}
      >
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 5 }}
          maxLength={2000}
          showCount
          data-testid="complaint-transition-reason"
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={move.isPending} data-testid="complaint-transition-submit">
        {m.common.submit}
      </Button>
    </Form>
  );
}

/** The resident's rating (1–5) of a resolved complaint, as told on the call-back; once. */
export function RatingForm({ complaint, onDone }: { complaint: ComplaintDetailView; onDone?: () => void }) {
  const { m } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ score: number; comment?: string }>();
  const rate = useHotlineMutation((v: { score: number; comment?: string }) =>
    answer(
      api.complaints.POST('/complaints/{complaintId}/rating', {
        params: { path: { complaintId: complaint.complaintId } },
        body: { score: v.score, ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}) },
      }),
    ),
  );
  return (
    <Form
      form={form}
      layout="vertical"
      data-testid="complaint-rating-form"
      onFinish={(v) =>
        rate.mutate(v, {
          onSuccess: () => {
            void message.success(m.hotline.rating.saved);
            onDone?.();
          },
        })
      }
    >
      <ErrorAlert error={rate.error} />
      <Form.Item
        label={m.hotline.rating.score}
        name="score"
        rules={[{ required: true, message: m.hotline.rating.scoreRequired }]}
      >
        <Rate
          aria-label={m.hotline.rating.score}
          tooltips={m.hotline.rating.scores}
          data-testid="complaint-rating-score"
        />
      </Form.Item>
      <Form.Item label={m.hotline.rating.comment} name="comment">
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} showCount />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={rate.isPending} data-testid="complaint-rating-submit">
        {m.hotline.rating.submit}
      </Button>
    </Form>
  );
}

/** Everything of one complaint: what, about whom, where it stands, its recordings, its history; and the next step. */
export function ComplaintDrawer({ complaintId, onClose }: { complaintId: string | undefined; onClose: () => void }) {
  const { m, names } = useLocale();
  const complaint = useComplaint(complaintId);
  const c = complaint.data;
  return (
    <Drawer
      open={Boolean(complaintId)}
      onClose={onClose}
      size="large"
      title={c ? m.hotline.detail.title(c.complaintNumber) : m.hotline.detail.loading}
      data-testid="complaint-drawer"
      destroyOnHidden
      closable={{ 'aria-label': m.hotline.detail.close }}
    >
      <ErrorAlert error={complaint.error} />
      {complaint.isPending && complaintId ? (
        <div className="page-loading" role="status">
          <Spin />
        </div>
      ) : c ? (
        <>
          <Descriptions column={1} size="small" bordered data-testid="complaint-detail">
            <Descriptions.Item label={m.hotline.queue.number}>{c.complaintNumber}</Descriptions.Item>
            <Descriptions.Item label={m.hotline.queue.kindType}>
              <ComplaintKindType c={c} />
            </Descriptions.Item>
            <Descriptions.Item label={m.hotline.queue.subject}>
              <ComplaintSubject c={c} />
            </Descriptions.Item>
            <Descriptions.Item label={m.common.channel}>{nameOf(names.channel, c.channel)}</Descriptions.Item>
            <Descriptions.Item label={m.common.status}>
              <ComplaintStatus c={c} />
            </Descriptions.Item>
            <Descriptions.Item label={m.common.timeLimit}>
              <ComplaintDue c={c} />
            </Descriptions.Item>
            <Descriptions.Item label={m.hotline.queue.assignee}>
              {c.assignee ? <AssigneeCell assignee={c.assignee} /> : m.hotline.detail.notAssigned}
            </Descriptions.Item>
            <Descriptions.Item label={m.common.receivedAt}>{formatTime(c.receivedAt)}</Descriptions.Item>
            <Descriptions.Item label={m.hotline.detail.reporter}>
              {c.anonymous
                ? m.hotline.detail.anonymous
                : c.reporter
                  ? [c.reporter.name, c.reporter.phone].filter(Boolean).join(' · ')
                  : c.hasReporter
                    ? m.hotline.detail.reporterHandlerOnly
                    : m.common.notEntered}
            </Descriptions.Item>
            <Descriptions.Item label={m.hotline.form.summary}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                {c.summary}
              </Typography.Paragraph>
            </Descriptions.Item>
            {c.answer && <Descriptions.Item label={m.hotline.form.answer}>{c.answer}</Descriptions.Item>}
            {c.outcome && (
              <Descriptions.Item label={m.hotline.transition.outcome}>
                <Space orientation="vertical" size={0}>
                  <Tag color={c.outcome.upheld ? 'red' : 'default'}>
                    {c.outcome.upheld ? m.hotline.transition.upheldYes : m.hotline.transition.upheldNo}
                  </Tag>
                  <span>{c.outcome.summary}</span>
                </Space>
              </Descriptions.Item>
            )}
            {c.rating && (
              <Descriptions.Item label={m.hotline.rating.score}>
                <Space>
                  <Rate disabled value={c.rating.score} aria-label={m.hotline.rating.score} />
                  {c.rating.comment}
                </Space>
              </Descriptions.Item>
            )}
          </Descriptions>

          <Divider titlePlacement="start">{m.hotline.detail.attachments}</Divider>
          {(c.attachmentIds ?? []).length === 0 ? (
            <Typography.Text type="secondary">{m.hotline.detail.noAttachments}</Typography.Text>
          ) : (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {(c.attachmentIds ?? []).map((id, i) => (
                <Space key={id} align="start">
                  <span>{m.hotline.detail.attachment(i + 1)}</span>
                  <AttachmentPlayer
                    complaintId={c.complaintId}
                    attachmentId={id}
                    label={`${c.complaintNumber} ${m.hotline.detail.attachment(i + 1)}`}
                  />
                </Space>
              ))}
            </Space>
          )}

          <Divider titlePlacement="start">{m.hotline.detail.history}</Divider>
          {(c.history ?? []).length === 0 ? (
            <Empty description={m.hotline.detail.noHistory} image={Empty.PRESENTED_IMAGE_SIMPLE} />
          ) : (
            <Timeline
              data-testid="complaint-history"
              items={(c.history ?? []).map((h, i) => ({
                key: `${h.at}-${i}`,
                color: h.escalated ? 'red' : h.to === 'resolved' || h.to === 'closed' ? 'green' : 'blue',
                content: (
                  <Space orientation="vertical" size={0}>
                    <span>
                      {formatTime(h.at)} · {nameOf(names.complaintStatus, h.from)} →{' '}
                      {nameOf(names.complaintStatus, h.to)}
                      {h.escalated && (
                        <Tag color="red" style={{ marginLeft: 8 }}>
                          {m.hotline.queue.escalated}
                        </Tag>
                      )}
                    </span>
                    <Typography.Text type="secondary">
                      {h.actor} · {h.reason}
                    </Typography.Text>
                  </Space>
                ),
              }))}
            />
          )}

          {(c.status === 'resolved' || c.status === 'closed') && !c.rating && (
            <>
              <Divider titlePlacement="start">{m.hotline.rating.title}</Divider>
              <RatingForm complaint={c} />
            </>
          )}
          <Divider />
          <TransitionForm complaint={c} />
        </>
      ) : null}
    </Drawer>
  );
}
