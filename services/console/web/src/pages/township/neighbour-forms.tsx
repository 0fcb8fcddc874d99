import { Alert, App, Form, Input, InputNumber, Modal, Radio, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState, type ReactNode } from 'react';
import { PlaceSelect } from '../../components/place-select';
import { ErrorAlert } from '../../components/table-paging';
import { useLocale } from '../../i18n/locale';
import {
  useCloseAlert,
  useNeighbours,
  useNeighbourTraining,
  useNeighbourVisit,
  usePairNeighbour,
  useRegisterDevice,
  useRegisterNeighbour,
  type AlertView,
  type LinkCode,
  type NeighbourView,
} from './neighbour-queries';

const today = () => dayjs().format('YYYY-MM-DD');
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A form in a modal: validates, runs `save`, says done and closes; the service's refusal shows above the form. */
function FormModal<V extends object>({
  open,
  title,
  testId,
  onClose,
  save,
  error,
  pending,
  initialValues,
  children,
}: {
  open: boolean;
  title: string;
  testId: string;
  onClose: () => void;
  save: (values: V) => Promise<unknown>;
  error: unknown;
  pending: boolean;
  initialValues?: Partial<V>;
  children: ReactNode;
}) {
  const { m } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const ok = async () => {
    const values = await form.validateFields();
    await save(values);
    void message.success(m.neighbourHelp.neighbours.done);
    form.resetFields();
    onClose();
  };
  return (
    <Modal
      open={open}
      title={title}
      okText={m.common.submit}
      okButtonProps={{ 'data-testid': `${testId}-submit` }}
      cancelText={m.common.cancel}
      confirmLoading={pending}
      onOk={() => void ok().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid={testId} initialValues={initialValues}>
        <ErrorAlert error={error} />
        {children}
      </Form>
    </Modal>
  );
}

const dayRule = (message: string) => [{ required: true, pattern: DAY, message }];

export function RegisterNeighbourModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { m } = useLocale();
  const t = m.neighbourHelp.neighbours;
  const register = useRegisterNeighbour();
  return (
    <FormModal<{
      village: string;
      name: string;
      idNumber: string;
      phone: string;
      course?: string;
      date?: string;
      hours?: number;
    }>
      open={open}
      title={t.addTitle}
      testId="register-neighbour"
      onClose={() => {
        register.reset();
        onClose();
      }}
      error={register.error}
      pending={register.isPending}
      initialValues={{ course: '简单护理技能', date: today(), hours: 4 }}
      save={(v) =>
        register.mutateAsync({
          village: v.village,
          name: v.name.trim(),
          idNumber: v.idNumber.trim(),
          phone: v.phone.trim(),
          training: v.course && v.date && v.hours ? [{ course: v.course.trim(), date: v.date, hours: v.hours }] : [],
        })
      }
    >
      <Form.Item label={t.village} name="village" rules={[{ required: true, message: t.village }]}>
        <PlaceSelect level="village" id="neighbour-village" testId="neighbour-village" />
      </Form.Item>
      <Form.Item label={t.name} name="name" rules={[{ required: true, whitespace: true, max: 50, message: t.name }]}>
        <Input maxLength={50} data-testid="neighbour-name" />
      </Form.Item>
      <Form.Item
        label={t.idNumber}
        name="idNumber"
        rules={[{ required: true, pattern: /^\s*\d{17}[\dXx]\s*$/, message: t.idNumber }]}
      >
        <Input maxLength={18} autoComplete="off" data-testid="neighbour-id-number" />
      </Form.Item>
      <Form.Item
        label={t.phone}
        name="phone"
        rules={[{ required: true, pattern: /^\s*1\d{10}\s*$/, message: t.phone }]}
      >
        <Input maxLength={11} data-testid="neighbour-phone" />
      </Form.Item>
      <Form.Item label={t.course} name="course">
        <Input maxLength={100} data-testid="neighbour-course" />
      </Form.Item>
      <Form.Item label={t.date} name="date" rules={[{ pattern: DAY, message: 'YYYY-MM-DD' }]}>
        <Input type="date" data-testid="neighbour-training-date" />
      </Form.Item>
      <Form.Item label={t.hours} name="hours">
        <InputNumber min={0.5} max={1000} step={0.5} data-testid="neighbour-hours" />
      </Form.Item>
    </FormModal>
  );
}

export function NeighbourTrainingModal({ neighbour, onClose }: { neighbour?: NeighbourView; onClose: () => void }) {
  const { m } = useLocale();
  const t = m.neighbourHelp.neighbours;
  const record = useNeighbourTraining();
  return (
    <FormModal<{ course: string; date: string; hours: number }>
      open={!!neighbour}
      title={`${t.addTraining} · ${neighbour?.name ?? ''}`}
      testId="neighbour-training"
      onClose={onClose}
      error={record.error}
      pending={record.isPending}
      initialValues={{ course: '简单护理技能', date: today(), hours: 4 }}
      save={(v) => record.mutateAsync({ neighbourId: neighbour!.neighbourId, ...v, course: v.course.trim() })}
    >
      <Form.Item label={t.course} name="course" rules={[{ required: true, whitespace: true, message: t.course }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item label={t.date} name="date" rules={dayRule(t.date)}>
        <Input type="date" />
      </Form.Item>
      <Form.Item label={t.hours} name="hours" rules={[{ required: true, message: t.hours }]}>
        <InputNumber min={0.5} max={1000} step={0.5} />
      </Form.Item>
    </FormModal>
  );
}

export function PairModal({ neighbour, onClose }: { neighbour?: NeighbourView; onClose: () => void }) {
  const { m } = useLocale();
  const t = m.neighbourHelp.neighbours;
  const pair = usePairNeighbour();
  return (
    <FormModal<{ personName: string; caseNumber?: string }>
      open={!!neighbour}
      title={`${t.pairTitle} · ${neighbour?.name ?? ''}`}
      testId="pair-neighbour"
      onClose={onClose}
      error={pair.error}
      pending={pair.isPending}
      save={(v) =>
        pair.mutateAsync({
          neighbourId: neighbour!.neighbourId,
          personName: v.personName.trim(),
          ...(v.caseNumber?.trim() ? { caseNumber: v.caseNumber.trim() } : {}),
        })
      }
    >
      <Form.Item
        label={t.personName}
        name="personName"
        rules={[{ required: true, whitespace: true, message: t.personName }]}
      >
        <Input maxLength={50} data-testid="pair-person" />
      </Form.Item>
      <Form.Item label={t.caseNumber} name="caseNumber">
        <Input maxLength={40} />
      </Form.Item>
    </FormModal>
  );
}

export function NeighbourVisitModal({ neighbour, onClose }: { neighbour?: NeighbourView; onClose: () => void }) {
  const { m } = useLocale();
  const t = m.neighbourHelp.neighbours;
  const visit = useNeighbourVisit();
  return (
    <FormModal<{ pairingId: string; date: string; content: string }>
      open={!!neighbour}
      title={`${t.visitTitle} · ${neighbour?.name ?? ''}`}
      testId="neighbour-visit"
      onClose={onClose}
      error={visit.error}
      pending={visit.isPending}
      initialValues={{ date: today(), pairingId: neighbour?.pairings[0]?.pairingId }}
      save={(v) => visit.mutateAsync({ neighbourId: neighbour!.neighbourId, ...v, content: v.content.trim() })}
    >
      <Form.Item label={t.visitPerson} name="pairingId" rules={[{ required: true, message: t.visitPerson }]}>
        <Select
          aria-label={t.visitPerson}
          options={(neighbour?.pairings ?? []).map((p) => ({ value: p.pairingId, label: p.personName }))}
        />
      </Form.Item>
      <Form.Item label={t.date} name="date" rules={dayRule(t.date)}>
        <Input type="date" data-testid="visit-date" />
      </Form.Item>
      <Form.Item label={t.content} name="content" rules={[{ required: true, whitespace: true, message: t.content }]}>
        <Input.TextArea maxLength={500} rows={3} data-testid="visit-content" />
      </Form.Item>
    </FormModal>
  );
}

/** A one-time chat link code, shown once with what to send the bot. */
export function LinkCodeModal({ code, onClose }: { code?: LinkCode; onClose: () => void }) {
  const { m } = useLocale();
  const t = m.neighbourHelp.neighbours;
  return (
    <Modal
      open={!!code}
      title={t.linkCodeTitle}
      onOk={onClose}
      onCancel={onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
    >
      {code && (
        <>
          <Typography.Title level={3} copyable data-testid="link-code">
            {code.code}
          </Typography.Title>
          <Typography.Paragraph>
            {t.linkCodeHint(code.startCommand, dayjs(code.expiresAt).format('YYYY-MM-DD HH:mm'))}
          </Typography.Paragraph>
        </>
      )}
    </Modal>
  );
}

export function RegisterDeviceModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { m } = useLocale();
  const t = m.neighbourHelp.devices;
  const register = useRegisterDevice();
  const neighbours = useNeighbours();
  const [village, setVillage] = useState<string>();
  const [secret, setSecret] = useState<string>();
  return (
    <>
      <FormModal<{ deviceId: string; village: string; name: string; place: string; neighbourIds: string[] }>
        open={open}
        title={t.addTitle}
        testId="register-device"
        onClose={() => {
          register.reset();
          onClose();
        }}
        error={register.error}
        pending={register.isPending}
        save={async (v) => {
          const made = await register.mutateAsync({
            deviceId: v.deviceId.trim(),
            village: v.village,
            person: { name: v.name.trim(), place: v.place.trim() },
            neighbourIds: v.neighbourIds,
          });
          setSecret(made.secret);
        }}
      >
        <Form.Item
          label={t.deviceId}
          name="deviceId"
          rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{4,64}$/, message: t.deviceId }]}
        >
          <Input maxLength={64} data-testid="device-id" />
        </Form.Item>
        <Form.Item label={t.village} name="village" rules={[{ required: true, message: t.village }]}>
          <PlaceSelect level="village" id="device-village" testId="device-village" onChange={setVillage} />
        </Form.Item>
        <Form.Item label={t.person} name="name" rules={[{ required: true, whitespace: true, message: t.person }]}>
          <Input maxLength={50} data-testid="device-person" />
        </Form.Item>
        <Form.Item label={t.place} name="place" rules={[{ required: true, whitespace: true, message: t.place }]}>
          <Input maxLength={50} data-testid="device-place" />
        </Form.Item>
        <Form.Item
          label={t.neighbours}
          name="neighbourIds"
          rules={[{ required: true, type: 'array', min: 1, message: t.neighbours }]}
        >
          <Select
            mode="multiple"
            aria-label={t.neighbours}
            data-testid="device-neighbours"
            showSearch={{ optionFilterProp: 'label' }}
            options={(neighbours.data ?? [])
              .filter((n) => !village || n.village === village)
              .map((n) => ({ value: n.neighbourId, label: n.name }))}
          />
        </Form.Item>
      </FormModal>
      <Modal
        open={!!secret}
        title={t.secretTitle}
        onOk={() => setSecret(undefined)}
        onCancel={() => setSecret(undefined)}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <Alert type="warning" showIcon message={t.secretHint} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable code data-testid="device-secret">
          {secret}
        </Typography.Paragraph>
      </Modal>
    </>
  );
}

export function CloseAlertModal({ alert, onClose }: { alert?: AlertView; onClose: () => void }) {
  const { m } = useLocale();
  const t = m.neighbourHelp.alerts;
  const close = useCloseAlert();
  return (
    <FormModal<{
      outcome: AlertView['closed'] extends infer C ? (C extends { outcome: infer O } ? O : never) : never;
      note?: string;
    }>
      open={!!alert}
      title={`${t.closeTitle} · ${alert?.person.name ?? ''}`}
      testId="close-alert"
      onClose={onClose}
      error={close.error}
      pending={close.isPending}
      save={(v) =>
        close.mutateAsync({
          alertId: alert!.alertId,
          outcome: v.outcome,
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        })
      }
    >
      <Form.Item label={t.outcome} name="outcome" rules={[{ required: true, message: t.outcome }]}>
        <Radio.Group
          options={(['safe', 'needed_help', 'false_alarm'] as const).map((o) => ({ value: o, label: t.outcomes[o] }))}
        />
      </Form.Item>
      <Form.Item label={t.note} name="note">
        <Input.TextArea maxLength={500} rows={3} />
      </Form.Item>
    </FormModal>
  );
}
