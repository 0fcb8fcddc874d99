import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Col,
  Descriptions,
  Drawer,
  Form,
  Input,
  Radio,
  Result,
  Row,
  Select,
  Switch,
  Typography,
  type FormInstance,
} from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useNames } from '../../api/directory';
import { ApiError, errorMessage } from '../../api/problem';
import { formatTime } from '../../components/countdown';
import { PlaceSelect } from '../../components/place-select';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';
import { CallerPhone, CallerRecording } from './caller-cells';
import { CaseLink } from './cells';
import { caseOpened, completeIdentity, type CompletionOutcome } from './pending-applications';
import {
  completionOf,
  idNumberProblem,
  type CompleteIdentityValues,
  type PendingApplicationView,
} from './pending-identity-rules';

/** The form's field of each path of intake's completion body, for the service's per-field problems. */
const FIELD_OF: Record<string, keyof CompleteIdentityValues> = {
  'applicant.name': 'name',
  'applicant.idNumber': 'idNumber',
  village: 'village',
  addressDetail: 'addressDetail',
  declaredStatus: 'declaredStatus',
  declaredGroups: 'declaredGroups',
  items: 'items',
  description: 'description',
};

/** Marks the fields the service refused (problem `errors[].path`); the message above the form says why. */
function showFieldErrors(form: FormInstance<CompleteIdentityValues>, err: unknown, message: (m?: string) => string) {
  if (!(err instanceof ApiError) || !Array.isArray(err.problem.errors)) return;
  const fields = err.problem.errors.flatMap((e) => {
    const path = e.path?.split('.').filter((p) => !/^\d+$/.test(p));
    const field = path ? (FIELD_OF[path.join('.')] ?? FIELD_OF[path[0] ?? '']) : undefined;
    return field ? [{ name: field, errors: [message(e.message)] }] : [];
  });
  form.setFields(fields);
}

type Completed = { outcome: CompletionOutcome; opened: boolean };

/**
 * 补全身份: the township called the first-time caller back and completes who they are and what they apply for;
 * intake registers the application as a voice-hotline request (the caller's number as an unconfirmed phone, the
 * recordings as its voice notes). Once assessment has opened the case, the page goes to it.
 */
export function CompleteIdentityDrawer({
  application,
  onClose,
}: {
  application: PendingApplicationView | undefined;
  onClose: () => void;
}) {
  const { m } = useLocale();
  return (
    <Drawer
      open={Boolean(application)}
      onClose={onClose}
      size="large"
      title={application ? m.township.completeIdentity.title(application.applicationNumber) : ''}
      destroyOnHidden
      closable={{ 'aria-label': m.common.cancel }}
      data-testid="complete-identity-drawer"
    >
      {application && <CompleteIdentityForm application={application} />}
    </Drawer>
  );
}

function CompleteIdentityForm({ application }: { application: PendingApplicationView }) {
  const { m, locale, names: fixed } = useLocale();
  const names = useNames();
  const t = m.township.completeIdentity;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CompleteIdentityValues>();
  const declaredStatus = Form.useWatch('declaredStatus', form);
  const [opening, setOpening] = useState(false);
  const inChinese = locale === 'zh-CN';

  const complete = useMutation({
    mutationFn: async (values: CompleteIdentityValues): Promise<Completed> => {
      const outcome = await completeIdentity(application.applicationId, completionOf(values));
      // Registered: the case is opened by assessment from intake's event, moments later.
      setOpening(true);
      const opened = await caseOpened(outcome.caseId).catch(() => false);
      return { outcome, opened };
    },
    onSettled: () => {
      setOpening(false);
      // Completed (or found completed by someone else: 409): the lists move on.
      void queryClient.invalidateQueries({ queryKey: ['township'] });
    },
    onSuccess: ({ outcome, opened }) => {
      if (opened) void navigate(`/cases/${encodeURIComponent(outcome.caseId)}?tab=request`);
    },
    onError: (err) => showFieldErrors(form, err, (text) => (inChinese ? m.common.fieldInvalid : (text ?? ''))),
  });

  if (complete.data && !complete.data.opened) {
    const { outcome } = complete.data;
    return (
      <Result
        status="success"
        title={outcome.status === 'merged' ? t.merged(outcome.caseNumber) : t.registered(outcome.caseNumber)}
        subTitle={t.notOpenedYet}
        extra={<CaseLink caseId={outcome.caseId} caseNumber={outcome.caseNumber} />}
        data-testid="identity-registered"
      />
    );
  }

  const groups = [...(names.directory?.targetGroups.values() ?? [])].filter((g) => !g.derived);
  const items = [...(names.directory?.items.values() ?? [])];
  return (
    <>
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }} data-testid="identity-call">
        <Descriptions.Item label={m.township.pendingIdentity.calledAt}>
          {formatTime(application.receivedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={m.common.township}>{names.place(application.township)}</Descriptions.Item>
        <Descriptions.Item label={m.township.pendingIdentity.callerPhone}>
          <CallerPhone phone={application.callerPhone} />
        </Descriptions.Item>
        <Descriptions.Item label={m.township.pendingIdentity.nameRecording}>
          <CallerRecording application={application} part="name" />
        </Descriptions.Item>
        <Descriptions.Item label={m.township.pendingIdentity.needRecording}>
          <CallerRecording application={application} part="need" />
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary">{t.hint}</Typography.Paragraph>
      {complete.error ? (
        <Alert
          type="error"
          showIcon
          title={errorMessage(complete.error, m.errors.network)}
          style={{ marginBottom: 12 }}
          role="alert"
          data-testid="identity-error"
        />
      ) : null}
      {opening && <Alert type="info" showIcon title={t.opening} role="status" style={{ marginBottom: 12 }} />}
      <Form<CompleteIdentityValues>
        form={form}
        layout="vertical"
        data-testid="complete-identity-form"
        initialValues={{ declaredStatus: 'declared', declaredGroups: [], items: [], consentToShare: false }}
        onFinish={(values) => complete.mutate(values)}
        scrollToFirstError
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              label={t.name}
              name="name"
              rules={[{ required: true, whitespace: true, max: 50, message: t.nameRequired }]}
            >
              <Input autoComplete="off" maxLength={50} data-testid="identity-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={t.idNumber}
              name="idNumber"
              validateFirst
              rules={[
                { required: true, whitespace: true, message: t.idNumberRequired },
                {
                  validator: (_, value: string | undefined) => {
                    const problem = value?.trim() ? idNumberProblem(value, inChinese) : undefined;
                    return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
                  },
                },
              ]}
            >
              <Input autoComplete="off" maxLength={18} data-testid="identity-id-number" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item label={t.phone} htmlFor="identity-phone" extra={t.phoneHint}>
              <Input id="identity-phone" readOnly value={application.callerPhone ?? ''} data-testid="identity-phone" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t.village} name="village">
              <PlaceSelect level="village" within={application.township} testId="identity-village" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t.addressDetail} name="addressDetail" rules={[{ max: 200 }]}>
          <Input maxLength={200} data-testid="identity-address" />
        </Form.Item>
        <Form.Item label={t.declaredStatus} name="declaredStatus" rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            data-testid="identity-status"
            options={(['declared', 'none', 'not_sure'] as const).map((s) => ({
              value: s,
              label: nameOf(fixed.declaredStatus, s),
            }))}
          />
        </Form.Item>
        {declaredStatus === 'declared' && (
          <Form.Item
            label={t.declaredGroups}
            name="declaredGroups"
            rules={[{ required: true, type: 'array', min: 1, message: t.declaredGroupsRequired }]}
          >
            <Select
              mode="multiple"
              data-testid="identity-groups"
              showSearch={{ optionFilterProp: 'label' }}
              options={groups.map((g) => ({ value: g.code, label: names.group(g.code) }))}
            />
          </Form.Item>
        )}
        <Form.Item
          label={t.items}
          name="items"
          rules={[{ required: true, type: 'array', min: 1, message: t.itemsRequired }]}
        >
          <Select
            mode="multiple"
            data-testid="identity-items"
            showSearch={{ optionFilterProp: 'label' }}
            options={items.map((i) => ({ value: i.code, label: names.item(i.code) }))}
          />
        </Form.Item>
        <Form.Item label={t.description} name="description" extra={t.descriptionHint} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="identity-description" />
        </Form.Item>
        <Form.Item label={t.consent} name="consentToShare" valuePropName="checked" extra={t.consentHint}>
          <Switch data-testid="identity-consent" />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          loading={complete.isPending}
          disabled={complete.isSuccess}
          data-testid="identity-submit"
        >
          {t.submit}
        </Button>
      </Form>
    </>
  );
}
