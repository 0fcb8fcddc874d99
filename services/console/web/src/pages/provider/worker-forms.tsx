import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useNames } from '../../api/directory';
import { useLocale } from '../../i18n/locale';
import { ListError } from './list-parts';
import { useRecordTraining, useRegisterWorker } from './plan-queries';
import type { WorkerView } from './views';

interface TrainingValues {
  course: string;
  date: Dayjs;
  hours: number;
}

interface WorkerValues {
  name: string;
  idNumber: string;
  phone: string;
  /** Separated by 、 or commas. */
  qualifications?: string;
  itemCodes: string[];
  training?: TrainingValues[];
}

const trainingOf = (t: TrainingValues) => ({
  course: t.course.trim(),
  date: t.date.format('YYYY-MM-DD'),
  hours: t.hours,
});

/** 登记服务人员: identity (ID number checked by provider-scheduling, stored encrypted), qualifications, items, training. */
export function RegisterWorkerModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { m } = useLocale();
  const t = m.provider.register;
  const names = useNames();
  const { message } = App.useApp();
  const [form] = Form.useForm<WorkerValues>();
  const register = useRegisterWorker();
  const items = [...(names.directory?.items.values() ?? [])];
  const ok = async () => {
    const v = await form.validateFields();
    register.mutate(
      {
        name: v.name.trim(),
        idNumber: v.idNumber.trim(),
        phone: v.phone.trim(),
        qualifications: (v.qualifications ?? '')
          .split(/[、,，;；]/)
          .map((q) => q.trim())
          .filter(Boolean),
        itemCodes: v.itemCodes,
        training: (v.training ?? []).map(trainingOf),
      },
      {
        onSuccess: () => {
          void message.success(t.done);
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
      title={t.addTitle}
      width={640}
      okText={m.common.submit}
      okButtonProps={{ 'data-testid': 'register-worker-submit' }}
      cancelText={m.common.cancel}
      confirmLoading={register.isPending}
      onOk={() => void ok().catch(() => undefined)}
      onCancel={() => {
        register.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="register-worker-form" initialValues={{ training: [{}] }}>
        <ListError error={register.error} />
        <Space wrap style={{ width: '100%' }} size="middle">
          <Form.Item
            label={t.name}
            name="name"
            rules={[{ required: true, whitespace: true, max: 50, message: t.nameRequired }]}
          >
            <Input maxLength={50} data-testid="worker-name" />
          </Form.Item>
          <Form.Item
            label={t.idNumber}
            name="idNumber"
            extra={t.idNumberHint}
            rules={[{ required: true, pattern: /^\s*\d{17}[\dXx]\s*$/, message: t.idNumberRequired }]}
          >
            <Input maxLength={18} autoComplete="off" data-testid="worker-id-number" />
          </Form.Item>
          <Form.Item
            label={t.phone}
            name="phone"
            rules={[{ required: true, pattern: /^\s*[\d\s+-]{7,20}\s*$/, message: t.phoneRequired }]}
          >
            <Input maxLength={20} data-testid="worker-phone" />
          </Form.Item>
        </Space>
        <Form.Item label={t.qualifications} name="qualifications" extra={t.qualificationsHint}>
          <Input maxLength={500} data-testid="worker-qualifications" />
        </Form.Item>
        <Form.Item
          label={t.items}
          name="itemCodes"
          rules={[{ required: true, type: 'array', min: 1, message: t.itemsRequired }]}
        >
          <Select
            mode="multiple"
            aria-label={t.items}
            data-testid="worker-items"
            showSearch={{ optionFilterProp: 'label' }}
            options={items.map((i) => ({ value: i.code, label: names.item(i.code) }))}
          />
        </Form.Item>
        <Form.List name="training">
          {(fields, { add, remove }) => (
            <fieldset className="training-records">
              <legend>{t.training}</legend>
              {fields.map((field, i) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item
                    name={[field.name, 'course']}
                    label={t.course}
                    rules={[{ required: true, whitespace: true, max: 100, message: t.courseRequired }]}
                  >
                    <Input maxLength={100} data-testid={`training-course-${i}`} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'date']}
                    label={t.date}
                    rules={[{ required: true, message: t.dateRequired }]}
                  >
                    <DatePicker data-testid={`training-date-${i}`} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'hours']}
                    label={t.hours}
                    rules={[{ required: true, message: t.hoursRequired }]}
                  >
                    <InputNumber min={0.5} max={1000} step={0.5} data-testid={`training-hours-${i}`} />
                  </Form.Item>
                  <Button
                    type="text"
                    aria-label={m.common.cancel}
                    icon={<MinusCircleOutlined />}
                    onClick={() => remove(field.name)}
                  />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} data-testid="training-add">
                {t.addTraining}
              </Button>
            </fieldset>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

/** 添加培训记录 of a registered worker. */
export function TrainingModal({ worker, onClose }: { worker: WorkerView | undefined; onClose: () => void }) {
  const { m } = useLocale();
  const t = m.provider.register;
  const { message } = App.useApp();
  const [form] = Form.useForm<TrainingValues>();
  const record = useRecordTraining();
  const ok = async () => {
    const v = await form.validateFields();
    record.mutate(
      { workerId: worker!.workerId, ...trainingOf(v) },
      {
        onSuccess: () => {
          void message.success(t.trained);
          form.resetFields();
          record.reset();
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      open={Boolean(worker)}
      title={worker ? t.trainingTitle(worker.name) : ''}
      okText={m.common.submit}
      okButtonProps={{ 'data-testid': 'training-submit' }}
      cancelText={m.common.cancel}
      confirmLoading={record.isPending}
      onOk={() => void ok().catch(() => undefined)}
      onCancel={() => {
        record.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="training-form">
        <ListError error={record.error} />
        <Form.Item
          name="course"
          label={t.course}
          rules={[{ required: true, whitespace: true, max: 100, message: t.courseRequired }]}
        >
          <Input maxLength={100} data-testid="training-course" />
        </Form.Item>
        <Form.Item name="date" label={t.date} rules={[{ required: true, message: t.dateRequired }]}>
          <DatePicker data-testid="training-date" />
        </Form.Item>
        <Form.Item name="hours" label={t.hours} rules={[{ required: true, message: t.hoursRequired }]}>
          <InputNumber min={0.5} max={1000} step={0.5} data-testid="training-hours" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
