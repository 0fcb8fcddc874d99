import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Tag,
  TimePicker,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { formatTime } from '../../components/countdown';
import { useLocale } from '../../i18n/locale';
import { ListError } from './list-parts';
import { usePlan, useProposePlan, useWorkers } from './plan-queries';
import { describeRrule, pickOf, toRrule, WEEKDAYS, type RecurrencePick, type Weekly } from './recurrence';
import type { AssignmentView, PlanVersionView, PlanView } from './views';
import { useState } from 'react';

/** The newest version of a plan. */
export const latestOf = (plan: PlanView): PlanVersionView => plan.versions[plan.versions.length - 1]!;

/** A plan version in a line: 每周二、周五 09:00，每次 60 分钟 · 2026-12-01 至 2026-12-31. */
export function PlanTerms({ version, workerName }: { version: PlanVersionView; workerName?: string }) {
  const { m, locale } = useLocale();
  const t = m.provider.plan;
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      items={[
        {
          key: 'freq',
          label: t.frequency,
          children: (
            <span data-testid="plan-description">{describeRrule(version.rrule, version.durationMinutes, locale)}</span>
          ),
        },
        { key: 'dates', label: t.dates, children: `${version.startDate} – ${version.endDate}` },
        { key: 'tasks', label: t.tasks, children: version.tasks.map((x) => <Tag key={x}>{x}</Tag>) },
        { key: 'worker', label: t.worker, children: workerName ?? version.workerId },
        ...(version.reason ? [{ key: 'reason', label: t.reason, children: version.reason }] : []),
        ...(version.review?.outcome === 'returned'
          ? [{ key: 'returned', label: t.returnedReason, children: version.review.reason }]
          : []),
      ]}
    />
  );
}

/** The assignment's service plan in its drawer: status, terms, versions, and the provider's propose / change. */
export function PlanSection({ assignment }: { assignment: AssignmentView }) {
  const { m } = useLocale();
  const t = m.provider.plan;
  const plan = usePlan(assignment.referralId);
  const workers = useWorkers();
  const [editing, setEditing] = useState(false);
  const nameOf = (id: string) => workers.data?.find((w) => w.workerId === id)?.name;
  const p = plan.data;
  const latest = p ? latestOf(p) : undefined;
  return (
    <section aria-label={t.title} data-testid="plan-section" style={{ marginTop: 20 }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
          {t.title}
          {p && (
            <Tag style={{ marginLeft: 8 }} data-testid="plan-status">
              {t.status[p.status]} · {t.version(latest!.version)}
            </Tag>
          )}
        </Typography.Title>
        {assignment.status === 'accepted' && p?.status !== 'stopped' && (
          <Button onClick={() => setEditing(true)} data-testid="plan-edit">
            {p ? t.change : t.propose}
          </Button>
        )}
      </Space>
      <ListError error={plan.error} />
      {p === null && <Typography.Paragraph type="secondary">{t.none}</Typography.Paragraph>}
      {p?.stop && <Alert type="warning" showIcon title={`${t.stopped}：${formatTime(p.stop.at)} ${p.stop.reason}`} />}
      {latest && <PlanTerms version={latest} workerName={nameOf(latest.workerId)} />}
      <PlanModal open={editing} assignment={assignment} plan={p ?? undefined} onClose={() => setEditing(false)} />
    </section>
  );
}

/** The tasks of a visit as typed, one a line. */
const tasksOf = (text: string) =>
  text
    .split(/\n/)
    .map((x) => x.trim())
    .filter(Boolean);

interface PlanValues extends Omit<RecurrencePick, 'time'> {
  time: Dayjs;
  startDate: Dayjs;
  endDate: Dayjs;
  durationMinutes: number;
  /** One task a line. */
  tasks: string;
  workerId: string;
  reason?: string;
  /** The recipient's home (WGS 84), optional: check-ins are measured against it. */
  homeLat?: number;
  homeLng?: number;
}

/** 制定 / 调整服务方案: a recurrence picker that writes the RRULE, with the words it will be read in. */
export function PlanModal({
  open,
  assignment,
  plan,
  onClose,
}: {
  open: boolean;
  assignment: AssignmentView;
  plan: PlanView | undefined;
  onClose: () => void;
}) {
  const { m, locale } = useLocale();
  const t = m.provider.plan;
  const { message } = App.useApp();
  const [form] = Form.useForm<PlanValues>();
  const propose = useProposePlan();
  const workers = useWorkers();
  const latest = plan ? latestOf(plan) : undefined;
  const pick = latest ? pickOf(latest.rrule) : undefined;
  const initial: Partial<PlanValues> = {
    freq: pick?.freq ?? 'WEEKLY',
    interval: pick?.interval ?? 1,
    byDay: pick?.byDay ?? ['TU', 'FR'],
    byMonthDay: pick?.byMonthDay ?? [1],
    time: dayjs(`2000-01-01T${pick?.time ?? '09:00'}`),
    durationMinutes: latest?.durationMinutes ?? 60,
    tasks: (latest?.tasks ?? []).join('\n'),
    ...(latest
      ? { workerId: latest.workerId, startDate: dayjs(latest.startDate), endDate: dayjs(latest.endDate) }
      : {}),
    ...(plan?.home ? { homeLat: plan.home.lat, homeLng: plan.home.lng } : {}),
  };
  const values = Form.useWatch([], form) as Partial<PlanValues> | undefined;
  const rrule =
    values?.freq && values.time
      ? toRrule({
          freq: values.freq,
          interval: values.interval ?? 1,
          byDay: values.byDay ?? [],
          byMonthDay: values.byMonthDay ?? [],
          time: values.time.format('HH:mm'),
        })
      : undefined;
  const ok = async () => {
    const v = await form.validateFields();
    propose.mutate(
      {
        referralId: assignment.referralId,
        rrule: toRrule({ ...v, time: v.time.format('HH:mm') }),
        startDate: v.startDate.format('YYYY-MM-DD'),
        endDate: v.endDate.format('YYYY-MM-DD'),
        durationMinutes: v.durationMinutes,
        tasks: tasksOf(v.tasks),
        workerId: v.workerId,
        ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
        ...(v.homeLat !== undefined && v.homeLng !== undefined && v.homeLat !== null && v.homeLng !== null
          ? { home: { lat: v.homeLat, lng: v.homeLng } }
          : {}),
      },
      {
        onSuccess: () => {
          void message.success(t.proposed);
          form.resetFields();
          propose.reset();
          onClose();
        },
      },
    );
  };
  const freq = values?.freq ?? initial.freq;
  return (
    <Modal
      open={open}
      width={680}
      title={plan ? t.changeTitle : t.proposeTitle}
      okText={m.common.submit}
      okButtonProps={{ 'data-testid': 'plan-submit' }}
      cancelText={m.common.cancel}
      confirmLoading={propose.isPending}
      onOk={() => void ok().catch(() => undefined)}
      onCancel={() => {
        propose.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="plan-form" initialValues={initial}>
        <Typography.Paragraph type="secondary">{`${assignment.caseNumber} · ${assignment.person.name}`}</Typography.Paragraph>
        <ListError error={propose.error} />
        <Space wrap size="middle">
          <Form.Item label={t.frequency} name="freq" rules={[{ required: true }]}>
            <Radio.Group optionType="button" data-testid="plan-freq">
              {(['DAILY', 'WEEKLY', 'MONTHLY'] as const).map((f) => (
                <Radio.Button key={f} value={f}>
                  {t.freq[f]}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item
            label={`${t.interval}（${t.intervalUnit[freq ?? 'WEEKLY']}）`}
            name="interval"
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={12} precision={0} data-testid="plan-interval" />
          </Form.Item>
          <Form.Item label={t.time} name="time" rules={[{ required: true, message: t.timeRequired }]}>
            <TimePicker format="HH:mm" minuteStep={5} needConfirm={false} data-testid="plan-time" />
          </Form.Item>
          <Form.Item
            label={t.duration}
            name="durationMinutes"
            rules={[{ required: true, type: 'integer', min: 15, max: 720, message: t.durationRequired }]}
          >
            <InputNumber min={15} max={720} step={15} precision={0} data-testid="plan-duration" />
          </Form.Item>
        </Space>
        {freq === 'WEEKLY' && (
          <Form.Item
            label={t.weekdays}
            name="byDay"
            rules={[{ required: true, type: 'array', min: 1, message: t.weekdaysRequired }]}
          >
            <Checkbox.Group
              data-testid="plan-weekdays"
              options={WEEKDAYS.map((d: Weekly) => ({ value: d, label: t.weekday[d] }))}
            />
          </Form.Item>
        )}
        {freq === 'MONTHLY' && (
          <Form.Item
            label={t.monthDays}
            name="byMonthDay"
            rules={[{ required: true, type: 'array', min: 1, message: t.monthDaysRequired }]}
          >
            <Select
              mode="multiple"
              aria-label={t.monthDays}
              options={Array.from({ length: 28 }, (_, i) => ({ value: i + 1, label: String(i + 1) }))}
            />
          </Form.Item>
        )}
        <Alert
          type="info"
          showIcon
          data-testid="plan-preview"
          title={`${t.preview}：${rrule ? describeRrule(rrule, values?.durationMinutes, locale) : ''}`}
          description={<Typography.Text code>{rrule}</Typography.Text>}
          style={{ marginBottom: 16 }}
        />
        <Space wrap size="middle">
          <Form.Item label={t.startDate} name="startDate" rules={[{ required: true, message: t.datesRequired }]}>
            <DatePicker data-testid="plan-start" />
          </Form.Item>
          <Form.Item label={t.endDate} name="endDate" rules={[{ required: true, message: t.datesRequired }]}>
            <DatePicker data-testid="plan-end" />
          </Form.Item>
        </Space>
        <Form.Item
          label={t.tasks}
          name="tasks"
          extra={t.tasksHint}
          rules={[
            {
              validator: (_, value: string | undefined) =>
                tasksOf(value ?? '').length > 0 ? Promise.resolve() : Promise.reject(new Error(t.tasksRequired)),
            },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="plan-tasks" />
        </Form.Item>
        <Form.Item label={t.worker} name="workerId" rules={[{ required: true, message: t.workerRequired }]}>
          <Select
            aria-label={t.worker}
            data-testid="plan-worker"
            options={(workers.data ?? [])
              .filter((w) => w.itemCodes.includes(assignment.itemCode))
              .map((w) => ({ value: w.workerId, label: w.name }))}
          />
        </Form.Item>
        <Form.Item label={m.verification.home.label} extra={m.verification.home.hint} style={{ marginBottom: 8 }}>
          <Space wrap>
            <Form.Item name="homeLat" noStyle rules={[{ type: 'number', min: -90, max: 90 }]}>
              <InputNumber
                aria-label={m.verification.home.lat}
                placeholder={m.verification.home.lat}
                step={0.0001}
                style={{ width: 160 }}
                data-testid="plan-home-lat"
              />
            </Form.Item>
            <Form.Item name="homeLng" noStyle rules={[{ type: 'number', min: -180, max: 180 }]}>
              <InputNumber
                aria-label={m.verification.home.lng}
                placeholder={m.verification.home.lng}
                step={0.0001}
                style={{ width: 160 }}
                data-testid="plan-home-lng"
              />
            </Form.Item>
          </Space>
        </Form.Item>
        {plan && (
          <Form.Item
            label={t.reason}
            name="reason"
            rules={[{ required: true, whitespace: true, max: 500, message: t.reasonRequired }]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} data-testid="plan-reason" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
