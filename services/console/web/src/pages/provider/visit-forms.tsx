import { App, DatePicker, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useNames } from '../../api/directory';
import { useLocale } from '../../i18n/locale';
import { ListError } from './list-parts';
import { useCancelVisit, useRescheduleVisit, useWorkers } from './plan-queries';
import { useRecordDelivery, useReferralAnswer, useScheduleVisit } from './queries';
import { ConfirmationCode } from './verification-tags';
import type { AssignmentView, VisitView } from './views';

/** Rejecting an offer, or reporting that a service cannot go on: a reason is required (referral checks it too). */
export function ReasonModal({
  assignment,
  action,
  onClose,
}: {
  assignment: AssignmentView | undefined;
  action: 'rejection' | 'failure';
  onClose: () => void;
}) {
  const { m } = useLocale();
  const t = m.provider.assignments;
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const send = useReferralAnswer();
  const ok = async () => {
    const { reason } = await form.validateFields();
    send.mutate(
      { referralId: assignment!.referralId, action, reason: reason.trim() },
      {
        onSuccess: () => {
          void message.success(action === 'rejection' ? t.rejected : t.failed);
          form.resetFields();
          send.reset();
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      open={Boolean(assignment)}
      title={action === 'rejection' ? t.rejectTitle : t.failTitle}
      okText={m.common.submit}
      okButtonProps={{ danger: true, 'data-testid': `${action}-submit` }}
      cancelText={m.common.cancel}
      confirmLoading={send.isPending}
      onOk={() => void ok().catch(() => undefined)}
      onCancel={() => {
        send.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid={`${action}-form`}>
        <Typography.Paragraph type="secondary">
          {assignment && `${assignment.caseNumber} · ${assignment.person.name}`}
          <br />
          {action === 'rejection' ? t.rejectHint : t.failHint}
        </Typography.Paragraph>
        <ListError error={send.error} />
        <Form.Item
          label={t.reason}
          name="reason"
          rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t.reasonRequired }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 6 }}
            maxLength={500}
            showCount
            data-testid={`${action}-reason`}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ScheduleValues {
  workerId: string;
  scheduledFor: Dayjs;
  durationMinutes: number;
}

/** The provider's registered workers who may serve `itemCode`, as choices by name. */
function useWorkerOptions(itemCode: string | undefined) {
  const workers = useWorkers();
  return (workers.data ?? [])
    .filter((w) => !itemCode || w.itemCodes.includes(itemCode))
    .map((w) => ({ value: w.workerId, label: w.name }));
}

/** 安排上门: a registered worker, a time and a length for a visit of an accepted assignment. */
export function ScheduleVisitModal({
  assignment,
  onClose,
}: {
  assignment: AssignmentView | undefined;
  onClose: () => void;
}) {
  const workerOptions = useWorkerOptions(assignment?.itemCode);
  const { m } = useLocale();
  const t = m.provider.visit;
  const names = useNames();
  const { message } = App.useApp();
  const [form] = Form.useForm<ScheduleValues>();
  const schedule = useScheduleVisit();
  const ok = async () => {
    const v = await form.validateFields();
    schedule.mutate(
      {
        referralId: assignment!.referralId,
        workerId: v.workerId,
        scheduledFor: v.scheduledFor.second(0).millisecond(0).toISOString(),
        durationMinutes: v.durationMinutes,
      },
      {
        onSuccess: () => {
          void message.success(t.scheduled);
          form.resetFields();
          schedule.reset();
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      open={Boolean(assignment)}
      title={t.scheduleTitle}
      okText={m.common.submit}
      okButtonProps={{ 'data-testid': 'schedule-visit-submit' }}
      cancelText={m.common.cancel}
      confirmLoading={schedule.isPending}
      onOk={() => void ok().catch(() => undefined)}
      onCancel={() => {
        schedule.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="schedule-visit-form" initialValues={{ durationMinutes: 60 }}>
        <Typography.Paragraph type="secondary">
          {assignment && `${assignment.caseNumber} · ${assignment.person.name} · ${names.item(assignment.itemCode)}`}
        </Typography.Paragraph>
        <ListError error={schedule.error} />
        <Form.Item
          label={t.worker}
          name="workerId"
          extra={t.workerPick}
          rules={[{ required: true, message: t.workerRequired }]}
        >
          <Select
            aria-label={t.worker}
            options={workerOptions}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="schedule-visit-worker"
          />
        </Form.Item>
        <Form.Item
          label={t.scheduledFor}
          name="scheduledFor"
          rules={[{ required: true, message: t.scheduledForRequired }]}
        >
          <DatePicker
            showTime={{ format: 'HH:mm', minuteStep: 5 }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: '100%' }}
            data-testid="schedule-visit-time"
          />
        </Form.Item>
        <Form.Item
          label={t.duration}
          name="durationMinutes"
          rules={[{ required: true, type: 'integer', min: 15, max: 720 }]}
        >
          <InputNumber min={15} max={720} step={15} precision={0} data-testid="schedule-visit-duration" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface DeliveryValues {
  deliveredAt: Dayjs;
  units: number;
  note?: string;
}

/** 登记服务: when the visit was delivered, how much (in the item's unit), and the worker's record. */
export function RecordDeliveryModal({ visit, onClose }: { visit: VisitView | undefined; onClose: () => void }) {
  const { m } = useLocale();
  const t = m.provider.visit;
  const names = useNames();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<DeliveryValues>();
  const record = useRecordDelivery();
  const unit = visit ? names.directory?.items.get(visit.itemCode)?.unit : undefined;
  // The visit's own time if it has passed, else now: the delivery cannot lie in the future.
  const initial = visit && Date.parse(visit.scheduledFor) < Date.now() ? dayjs(visit.scheduledFor) : dayjs();
  const ok = async () => {
    const v = await form.validateFields();
    record.mutate(
      {
        visitId: visit!.visitId,
        deliveredAt: v.deliveredAt.second(0).millisecond(0).toISOString(),
        units: v.units,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      },
      {
        onSuccess: (out) => {
          void message.success(t.recorded);
          form.resetFields();
          record.reset();
          onClose();
          // The recipient confirms a visit recorded afterwards too: its one-time code is shown this once.
          if (out.confirmationCode)
            modal.info({
              title: m.verification.recordedCode.title,
              width: 480,
              content: <ConfirmationCode code={out.confirmationCode} confirmBy={out.verification?.confirmBy} />,
              okButtonProps: { 'data-testid': 'recorded-code-ok' } as never,
            });
        },
      },
    );
  };
  return (
    <Modal
      open={Boolean(visit)}
      title={t.recordTitle}
      okText={m.common.submit}
      okButtonProps={{ 'data-testid': 'record-delivery-submit' }}
      cancelText={m.common.cancel}
      confirmLoading={record.isPending}
      onOk={() => void ok().catch(() => undefined)}
      onCancel={() => {
        record.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="record-delivery-form"
        initialValues={{ deliveredAt: initial, units: 1 }}
      >
        <Typography.Paragraph type="secondary">
          {visit && `${names.item(visit.itemCode)} · ${t.worker}：${visit.workerId}`}
        </Typography.Paragraph>
        <ListError error={record.error} />
        <Form.Item
          label={t.deliveredAt}
          name="deliveredAt"
          rules={[
            { required: true, message: t.deliveredAtRequired },
            {
              validator: (_, value: Dayjs | undefined) =>
                value && value.isAfter(dayjs()) ? Promise.reject(new Error(t.deliveredInFuture)) : Promise.resolve(),
            },
          ]}
        >
          <DatePicker
            showTime={{ format: 'HH:mm', minuteStep: 5 }}
            format="YYYY-MM-DD HH:mm"
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            style={{ width: '100%' }}
            data-testid="record-delivery-time"
          />
        </Form.Item>
        <Form.Item
          label={unit ? t.unitsOf(unit) : t.units}
          name="units"
          rules={[{ required: true, type: 'integer', min: 1, message: t.unitsRequired }]}
        >
          <InputNumber min={1} max={1000} precision={0} style={{ width: 160 }} data-testid="record-delivery-units" />
        </Form.Item>
        <Form.Item label={t.note} name="note" rules={[{ max: 2000 }]}>
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={2000}
            showCount
            placeholder={t.notePlaceholder}
            data-testid="record-delivery-note"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ChangeValues {
  scheduledFor?: Dayjs;
  workerId?: string;
  reason: string;
}

/** 改约 (a new time, maybe another worker) or 取消 a scheduled visit, with the reason. */
export function ChangeVisitModal({
  visit,
  action,
  onClose,
}: {
  visit: VisitView | undefined;
  action: 'reschedule' | 'cancel';
  onClose: () => void;
}) {
  const { m } = useLocale();
  const t = m.provider.visit;
  const { message } = App.useApp();
  const [form] = Form.useForm<ChangeValues>();
  const reschedule = useRescheduleVisit();
  const cancel = useCancelVisit();
  const change = action === 'reschedule' ? reschedule : cancel;
  const workerOptions = useWorkerOptions(visit?.itemCode);
  const done = () => {
    void message.success(action === 'reschedule' ? t.rescheduled : t.cancelled);
    form.resetFields();
    change.reset();
    onClose();
  };
  const ok = async () => {
    const v = await form.validateFields();
    if (action === 'reschedule')
      reschedule.mutate(
        {
          visitId: visit!.visitId,
          scheduledFor: v.scheduledFor!.second(0).millisecond(0).toISOString(),
          ...(v.workerId && v.workerId !== visit!.workerId ? { workerId: v.workerId } : {}),
          reason: v.reason.trim(),
        },
        { onSuccess: done },
      );
    else cancel.mutate({ visitId: visit!.visitId, reason: v.reason.trim() }, { onSuccess: done });
  };
  return (
    <Modal
      open={Boolean(visit)}
      title={action === 'reschedule' ? t.rescheduleTitle : t.cancelTitle}
      okText={m.common.submit}
      okButtonProps={{ danger: action === 'cancel', 'data-testid': `${action}-visit-submit` }}
      cancelText={m.common.cancel}
      confirmLoading={change.isPending}
      onOk={() => void ok().catch(() => undefined)}
      onCancel={() => {
        change.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        data-testid={`${action}-visit-form`}
        initialValues={visit ? { scheduledFor: dayjs(visit.scheduledFor), workerId: visit.workerId } : undefined}
      >
        <ListError error={change.error} />
        {action === 'reschedule' && (
          <>
            <Form.Item
              label={t.newTime}
              name="scheduledFor"
              rules={[{ required: true, message: t.scheduledForRequired }]}
            >
              <DatePicker
                showTime={{ format: 'HH:mm', minuteStep: 5 }}
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
                data-testid="reschedule-visit-time"
              />
            </Form.Item>
            <Form.Item label={t.worker} name="workerId">
              <Select aria-label={t.worker} options={workerOptions} data-testid="reschedule-visit-worker" />
            </Form.Item>
          </>
        )}
        <Form.Item
          label={t.reason}
          name="reason"
          rules={[{ required: true, whitespace: true, max: 500, message: t.reasonRequired }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 4 }}
            maxLength={500}
            data-testid={`${action}-visit-reason`}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
