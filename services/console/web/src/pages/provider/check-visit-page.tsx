import { ArrowLeftOutlined, CameraOutlined, LoginOutlined, LogoutOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Result,
  Skeleton,
  Space,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useNames } from '../../api/directory';
import { errorMessage } from '../../api/problem';
import { formatTime } from '../../components/countdown';
import { useLocale } from '../../i18n/locale';
import { useAssignment } from './queries';
import { useWorkers } from './plan-queries';
import {
  readPosition,
  uploadVisitPhoto,
  useCheckIn,
  useCheckOut,
  useVisit,
  type PhonePosition,
} from './verification-queries';
import { ConfirmationCode, PlaceTag, VerificationTags } from './verification-tags';
import type { CheckedOutView } from './views';

interface CheckOutValues {
  tasksDone: string[];
  units: number;
  note?: string;
}

/**
 * 上门签到签退: the worker's page on the phone. Check in on arrival (the browser's position, if the phone gives
 * it), photos while there, tick the tasks done and check out on leaving; the one-time code is then shown big,
 * once, to tell the recipient in person.
 */
export default function CheckVisitPage() {
  const { m } = useLocale();
  const t = m.verification.check;
  const names = useNames();
  const { message } = App.useApp();
  const { visitId = '' } = useParams();
  const visit = useVisit(visitId);
  const v = visit.data;
  const assignment = useAssignment(v?.referralId);
  const workers = useWorkers();
  const checkIn = useCheckIn();
  const checkOut = useCheckOut();
  const [form] = Form.useForm<CheckOutValues>();
  const [locating, setLocating] = useState(false);
  const [noPosition, setNoPosition] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<unknown>();
  const [done, setDone] = useState<CheckedOutView>();

  const located = async (): Promise<PhonePosition | undefined> => {
    setLocating(true);
    try {
      const position = await readPosition();
      setNoPosition(!position);
      return position;
    } finally {
      setLocating(false);
    }
  };

  const onCheckIn = async () => {
    const position = await located();
    checkIn.mutate({ visitId, ...(position ? { position } : {}) });
  };
  const onCheckOut = async () => {
    const values = await form.validateFields();
    const position = await located();
    checkOut.mutate(
      {
        visitId,
        ...(position ? { position } : {}),
        tasksDone: values.tasksDone ?? [],
        units: values.units,
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      },
      { onSuccess: (out) => setDone(out) },
    );
  };

  if (visit.error)
    return <Alert type="error" showIcon role="alert" title={errorMessage(visit.error, m.errors.network)} />;
  if (!v) return <Skeleton active />;
  const worker = workers.data?.find((w) => w.workerId === v.workerId)?.name ?? v.workerId;
  const shown = done ?? v;
  const error = checkIn.error ?? checkOut.error;

  return (
    <div data-testid="check-visit-page" data-visit-status={shown.status} style={{ maxWidth: 560, margin: '0 auto' }}>
      <Space style={{ marginBottom: 8 }}>
        <Link to="/visits">
          <ArrowLeftOutlined /> {t.back}
        </Link>
      </Space>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t.title}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t.hint}</Typography.Paragraph>
      <Descriptions
        bordered
        size="small"
        column={1}
        items={[
          { key: 'person', label: t.person, children: assignment.data?.person.name ?? '' },
          { key: 'item', label: t.item, children: names.item(v.itemCode) },
          { key: 'for', label: t.scheduledFor, children: formatTime(v.scheduledFor) },
          { key: 'worker', label: t.worker, children: worker },
          ...(shown.checkIn
            ? [
                {
                  key: 'in',
                  label: t.checkedInAt,
                  children: (
                    <Space wrap>
                      {formatTime(shown.checkIn.at)}
                      <PlaceTag place={shown.checkIn.place} />
                    </Space>
                  ),
                },
              ]
            : []),
          ...(shown.checkOut
            ? [
                {
                  key: 'out',
                  label: t.checkedOutAt,
                  children: (
                    <Space wrap>
                      {formatTime(shown.checkOut.at)}
                      <PlaceTag place={shown.checkOut.place} />
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
        style={{ marginBottom: 16 }}
      />
      {locating && <Alert type="info" showIcon title={t.locating} style={{ marginBottom: 12 }} />}
      {noPosition && !locating && (
        <Alert
          type="warning"
          showIcon
          title={t.locationRefused}
          style={{ marginBottom: 12 }}
          data-testid="no-position"
        />
      )}
      {error !== null && error !== undefined && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={errorMessage(error, m.errors.network)}
          style={{ marginBottom: 12 }}
        />
      )}

      {shown.status === 'scheduled' && (
        <Button
          type="primary"
          size="large"
          block
          icon={<LoginOutlined />}
          loading={locating || checkIn.isPending}
          onClick={() => void onCheckIn()}
          data-testid="check-in"
        >
          {t.checkIn}
        </Button>
      )}

      {shown.status === 'checked_in' && (
        <Form form={form} layout="vertical" initialValues={{ tasksDone: [], units: 1 }} data-testid="check-out-form">
          <Form.Item label={t.tasks} name="tasksDone">
            {(v.tasks ?? []).length ? (
              <Checkbox.Group
                style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
                options={(v.tasks ?? []).map((task) => ({ value: task, label: task }))}
                data-testid="check-out-tasks"
              />
            ) : (
              <Typography.Text type="secondary">{t.noTasks}</Typography.Text>
            )}
          </Form.Item>
          <Form.Item label={t.photos} extra={t.photoHint}>
            <Upload
              accept="image/jpeg,image/png"
              capture="environment"
              listType="picture"
              multiple={false}
              maxCount={6}
              customRequest={({ file, onSuccess, onError }) => {
                setUploading(true);
                setUploadError(undefined);
                uploadVisitPhoto(visitId, file as Blob)
                  .then((r) => {
                    void message.success(t.photoAdded);
                    onSuccess?.(r);
                  })
                  .catch((err: unknown) => {
                    setUploadError(err);
                    onError?.(err as Error);
                  })
                  .finally(() => setUploading(false));
              }}
            >
              <Button icon={<CameraOutlined />} loading={uploading} data-testid="add-photo">
                {t.addPhoto}
              </Button>
            </Upload>
            {uploadError !== undefined && (
              <Alert type="error" showIcon title={errorMessage(uploadError, m.errors.network)} />
            )}
          </Form.Item>
          <Form.Item label={t.units} name="units" rules={[{ required: true, type: 'integer', min: 1 }]}>
            <InputNumber min={1} max={1000} precision={0} style={{ width: 160 }} data-testid="check-out-units" />
          </Form.Item>
          <Form.Item label={t.note} name="note" rules={[{ max: 2000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} data-testid="check-out-note" />
          </Form.Item>
          <Button
            type="primary"
            size="large"
            block
            icon={<LogoutOutlined />}
            loading={locating || checkOut.isPending}
            disabled={uploading}
            onClick={() => void onCheckOut().catch(() => undefined)}
            data-testid="check-out"
          >
            {t.checkOut}
          </Button>
        </Form>
      )}

      {shown.status === 'delivered' && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <VerificationTags visit={shown} />
          {done?.confirmationCode ? (
            <ConfirmationCode code={done.confirmationCode} confirmBy={done.verification?.confirmBy} />
          ) : (
            <Alert type="info" showIcon title={t.noCodeAgain} />
          )}
        </Space>
      )}

      {shown.status === 'cancelled' && <Result status="warning" title={t.notOpen} />}
    </div>
  );
}
