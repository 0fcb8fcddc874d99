import { UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Switch,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { answer, api } from '../../api/client';
import { useNames } from '../../api/directory';
import type { Paged, RequestView } from '../../api/views';
import { useSession } from '../../auth/session';
import { PageHeader } from '../../components/page-header';
import { PlaceSelect } from '../../components/place-select';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';
import { ErrorAlert } from './cells';
import { uploadComplaintAttachment } from './hotline-api';
import { COMPLAINT_TYPES, useHotlineMutation } from './queries';

interface ComplaintValues {
  phone?: string;
  name?: string;
  anonymous: boolean;
  kind: 'complaint' | 'consultation';
  type: (typeof COMPLAINT_TYPES)[number];
  caseNumber?: string;
  providerId?: string;
  township?: string;
  summary: string;
  answer?: string;
}

interface Received {
  complaintId: string;
  complaintNumber: string;
  status: string;
  acknowledgement: { zh: string; en: string };
}

/** A key naming one submission, so a retried send (a timeout, a double click) files the complaint once. */
function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `hotline-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** A mainland number as a person keys it: 11-digit mobile, or a landline with its area code (the service checks). */
const PHONE = /^(\+?86)?[\d\s-]{7,16}$/;

const searchable = (q: string) => (/^\d+$/.test(q) ? q.length >= 1 : q.length >= 2);

/** Finds a case by its number or the applicant's name (intake `GET /requests?q=`, audited there). */
function CaseSearch({
  value,
  onChange,
  initial,
}: {
  value?: string;
  onChange?: (v: string | undefined) => void;
  initial?: string;
}) {
  const { m } = useLocale();
  const names = useNames();
  const [q, setQ] = useState(initial ?? '');
  const [typed, setTyped] = useState(initial ?? '');
  useEffect(() => {
    const t = window.setTimeout(() => setQ(typed.trim()), 350);
    return () => window.clearTimeout(t);
  }, [typed]);
  const found = useQuery({
    queryKey: ['hotline', 'case-search', q],
    queryFn: () =>
      answer<Paged<RequestView>>(
        api.intake.GET('/requests', { params: { query: { q, page: 1, pageSize: 10 } as never } }),
      ),
    // A case's serial (its number's tail) may be one digit; a name needs two characters.
    enabled: searchable(q),
    staleTime: 60_000,
  });
  return (
    <Select
      id="complaint-case"
      showSearch={{ filterOption: false, onSearch: setTyped }}
      allowClear
      value={value}
      onChange={(v: string | undefined) => onChange?.(v)}
      placeholder={m.hotline.form.casePlaceholder}
      aria-label={m.hotline.form.case}
      loading={found.isFetching}
      notFoundContent={
        !searchable(q) ? m.hotline.form.caseTypeMore : found.isFetching ? m.app.loading : m.hotline.form.caseNotFound
      }
      data-testid="complaint-case-search"
      options={(found.data?.items ?? []).map((r) => ({
        value: r.caseNumber,
        label: [r.caseNumber, r.applicant?.name, names.place(r.address?.township)].filter(Boolean).join(' · '),
      }))}
      style={{ width: '100%' }}
    />
  );
}

/**
 * Log a phone complaint or consultation (登记投诉): the caller's number, what it is about (a case found by its
 * number or the applicant's name, a provider, a township), its type and the caller's words; a consultation can be
 * answered on the spot. The service numbers it and gives the acknowledgement to read out.
 */
export default function NewComplaintPage() {
  const { m, locale, names: fixed } = useLocale();
  const names = useNames();
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { message } = App.useApp();
  const [form] = Form.useForm<ComplaintValues>();
  const kind = Form.useWatch('kind', form);
  const anonymous = Form.useWatch('anonymous', form);
  const [key, setKey] = useState(newIdempotencyKey);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [received, setReceived] = useState<Received>();
  const initialCase = params.get('caseNumber') ?? undefined;
  const providers = useMemo(() => [...(names.directory?.providers.values() ?? [])], [names.directory]);

  const file = useHotlineMutation((v: ComplaintValues) => {
    const attachmentIds = files.flatMap((f) =>
      f.status === 'done' && typeof f.response?.attachmentId === 'string' ? [f.response.attachmentId as string] : [],
    );
    const reporter =
      !v.anonymous && (v.phone?.trim() || v.name?.trim())
        ? {
            ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
            ...(v.name?.trim() ? { name: v.name.trim() } : {}),
          }
        : undefined;
    return answer<Received>(
      api.complaints.POST('/complaints', {
        headers: { 'idempotency-key': key },
        body: {
          region: session.data!.account.region,
          channel: 'hotline',
          kind: v.kind,
          type: v.type,
          about: {
            ...(v.caseNumber ? { caseNumber: v.caseNumber } : {}),
            ...(v.providerId ? { providerId: v.providerId } : {}),
            ...(v.township ? { township: v.township } : {}),
          },
          summary: v.summary.trim(),
          attachmentIds,
          anonymous: v.anonymous,
          ...(reporter ? { reporter } : {}),
          ...(v.kind === 'consultation' && v.answer?.trim() ? { answer: v.answer.trim() } : {}),
        },
      }),
    );
  });

  const again = () => {
    form.resetFields();
    setFiles([]);
    setKey(newIdempotencyKey());
    setReceived(undefined);
    file.reset();
  };

  if (received)
    return (
      <>
        <PageHeader title={m.hotline.form.title} />
        <Card>
          <Result
            status="success"
            title={m.hotline.form.received(received.complaintNumber)}
            subTitle={
              <Space orientation="vertical">
                <Typography.Text>{m.hotline.form.readOut}</Typography.Text>
                <Typography.Paragraph strong data-testid="complaint-acknowledgement" style={{ fontSize: 16 }}>
                  {locale === 'zh-CN' ? received.acknowledgement.zh : received.acknowledgement.en}
                </Typography.Paragraph>
              </Space>
            }
            extra={[
              <Button key="again" type="primary" onClick={again} data-testid="complaint-new-again">
                {m.hotline.form.again}
              </Button>,
              <Button
                key="open"
                onClick={() =>
                  void navigate(`/hotline/complaints?complaint=${encodeURIComponent(received.complaintId)}`)
                }
                data-testid="complaint-open-received"
              >
                {m.hotline.form.openReceived}
              </Button>,
            ]}
            data-testid="complaint-received"
          />
        </Card>
      </>
    );

  return (
    <>
      <PageHeader title={m.hotline.form.title} hint={m.hotline.form.hint} />
      <Card>
        <Form<ComplaintValues>
          form={form}
          layout="vertical"
          data-testid="new-complaint-form"
          initialValues={{ kind: 'complaint', anonymous: false, caseNumber: initialCase }}
          onFinish={(v) =>
            file.mutate(v, {
              onSuccess: (r) => {
                setReceived(r);
                void message.success(m.hotline.form.received(r.complaintNumber));
              },
            })
          }
          scrollToFirstError
        >
          <ErrorAlert error={file.error} />
          <Typography.Title level={4}>{m.hotline.form.caller}</Typography.Title>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                label={m.hotline.form.phone}
                name="phone"
                rules={[
                  { required: !anonymous, whitespace: true, message: m.hotline.form.phoneRequired },
                  { pattern: PHONE, message: m.hotline.form.phoneInvalid },
                ]}
              >
                <Input
                  inputMode="tel"
                  autoComplete="off"
                  maxLength={20}
                  disabled={anonymous}
                  placeholder={m.hotline.form.phonePlaceholder}
                  data-testid="complaint-phone"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={m.hotline.form.name} name="name" rules={[{ max: 100 }]}>
                <Input autoComplete="off" maxLength={100} disabled={anonymous} data-testid="complaint-name" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                label={m.hotline.form.anonymous}
                name="anonymous"
                valuePropName="checked"
                extra={m.hotline.form.anonymousHint}
              >
                <Switch data-testid="complaint-anonymous" />
              </Form.Item>
            </Col>
          </Row>

          <Typography.Title level={4}>{m.hotline.form.what}</Typography.Title>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item label={m.hotline.form.kind} name="kind" rules={[{ required: true }]}>
                <Radio.Group
                  optionType="button"
                  data-testid="complaint-kind"
                  options={(['complaint', 'consultation'] as const).map((k) => ({
                    value: k,
                    label: nameOf(fixed.complaintKind, k),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                label={m.hotline.form.type}
                name="type"
                rules={[{ required: true, message: m.hotline.form.typeRequired }]}
              >
                <Select
                  data-testid="complaint-type"
                  options={COMPLAINT_TYPES.map((t) => ({ value: t, label: nameOf(fixed.complaintType, t) }))}
                />
              </Form.Item>
            </Col>
          </Row>

          <Typography.Title level={4}>{m.hotline.form.about}</Typography.Title>
          <Typography.Paragraph type="secondary">{m.hotline.form.aboutHint}</Typography.Paragraph>
          <Row gutter={16}>
            <Col xs={24} md={10}>
              <Form.Item
                label={m.hotline.form.case}
                htmlFor="complaint-case"
                name="caseNumber"
                dependencies={['providerId', 'township']}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: (_, v) =>
                      v || getFieldValue('providerId') || getFieldValue('township')
                        ? Promise.resolve()
                        : Promise.reject(new Error(m.hotline.form.aboutRequired)),
                  }),
                ]}
              >
                <CaseSearch {...(initialCase ? { initial: initialCase } : {})} />
              </Form.Item>
            </Col>
            <Col xs={24} md={7}>
              <Form.Item label={m.hotline.subject.provider} name="providerId">
                <Select
                  allowClear
                  aria-label={m.hotline.subject.provider}
                  showSearch={{ optionFilterProp: 'label' }}
                  data-testid="complaint-provider"
                  options={providers.map((p) => ({ value: p.code, label: names.provider(p.code) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={7}>
              <Form.Item label={m.common.township} name="township">
                <PlaceSelect level="township" testId="complaint-township" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>

          <Form.Item
            label={m.hotline.form.summary}
            name="summary"
            rules={[{ required: true, whitespace: true, max: 2000, message: m.hotline.form.summaryRequired }]}
          >
            <Input.TextArea
              autoSize={{ minRows: 4, maxRows: 10 }}
              maxLength={2000}
              showCount
              placeholder={m.hotline.form.summaryPlaceholder}
              data-testid="complaint-summary"
            />
          </Form.Item>
          {kind === 'consultation' && (
            <Form.Item
              label={m.hotline.form.answer}
              name="answer"
              extra={m.hotline.form.answerHint}
              rules={[{ max: 2000 }]}
            >
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 6 }}
                maxLength={2000}
                showCount
                data-testid="complaint-answer"
              />
            </Form.Item>
          )}
          <Form.Item label={m.hotline.form.attachments} extra={m.hotline.form.attachmentsHint}>
            <Upload
              fileList={files}
              onChange={({ fileList }) => setFiles(fileList)}
              accept="audio/ogg,audio/mpeg,audio/amr,audio/wav,image/jpeg,image/png,application/pdf"
              maxCount={20}
              customRequest={({ file: raw, onSuccess, onError }) => {
                const f = raw as File;
                const kindOf = f.type.startsWith('audio/')
                  ? 'voice_note'
                  : f.type.startsWith('image/')
                    ? 'photo'
                    : 'document';
                uploadComplaintAttachment(f, kindOf)
                  .then((r) => onSuccess?.(r))
                  .catch((err: Error) => {
                    void message.error(err.message);
                    onError?.(err);
                  });
              }}
            >
              <Button icon={<UploadOutlined />} data-testid="complaint-upload">
                {m.hotline.form.upload}
              </Button>
            </Upload>
          </Form.Item>
          <Space>
            <Button
              type="primary"
              htmlType="submit"
              loading={file.isPending}
              disabled={files.some((f) => f.status === 'uploading')}
              data-testid="complaint-submit"
            >
              {m.hotline.form.submit}
            </Button>
            <Button onClick={() => void navigate('/hotline/complaints')}>{m.common.cancel}</Button>
          </Space>
        </Form>
      </Card>
    </>
  );
}
