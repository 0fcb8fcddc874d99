import { Alert, App, Button, Card, Form, Input, Popconfirm, Radio, Space, Table, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { answer, api } from '../../api/client';
import { useNames } from '../../api/directory';
import { errorMessage } from '../../api/problem';
import type { CaseView, EligibilityView, LevelDecision } from '../../api/views';
import { useSession } from '../../auth/session';
import { Countdown, formatTime } from '../../components/countdown';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';
import { useCaseMutation } from './case-queries';

interface DecisionValues {
  items: { itemCode: string; approve?: boolean; note?: string }[];
  missingDocumentsReason?: string;
}

/** What a verdict starts at: approve what the rules allow (and the level below did not refuse), else refuse. */
function initialVerdict(
  code: string,
  eligibility: EligibilityView | undefined,
  refusedBelow: (code: string) => boolean,
): boolean | undefined {
  const rule = eligibility?.items.find((i) => i.itemCode === code);
  if (!rule) return undefined;
  return rule.eligible && !refusedBelow(code);
}

/** The level a case waits for: the township after the investigation, the county after the township (Changji). */
export function waitingLevel(c: CaseView): 'township' | 'county' | undefined {
  if (c.status === 'investigated') return 'township';
  if (c.status === 'awaiting_county') return 'county';
  return undefined;
}

function DecisionForm({ caseView, eligibility }: { caseView: CaseView; eligibility: EligibilityView | undefined }) {
  const { m, names: fixed } = useLocale();
  const names = useNames();
  const { message } = App.useApp();
  const [form] = Form.useForm<DecisionValues>();
  const rules = new Map(eligibility?.items.map((i) => [i.itemCode, i]) ?? []);
  const previous = caseView.decisions?.[caseView.decisions.length - 1];
  const refusedBelow = (code: string) => previous?.items.find((v) => v.itemCode === code)?.approved === false;
  const decide = useCaseMutation((v: DecisionValues) =>
    answer(
      api.assessment.POST('/cases/{caseId}/decisions', {
        params: { path: { caseId: caseView.caseId } },
        body: {
          items: v.items.map((i) => ({
            itemCode: i.itemCode,
            approve: Boolean(i.approve),
            ...(i.note?.trim() ? { note: i.note.trim() } : {}),
          })),
          ...(v.missingDocumentsReason?.trim() ? { missingDocumentsReason: v.missingDocumentsReason.trim() } : {}),
        },
      }),
    ),
  );
  const initial: DecisionValues = {
    items: caseView.itemCodes.map((code) => ({
      itemCode: code,
      approve: initialVerdict(code, eligibility, refusedBelow),
    })),
  };
  // The rules may arrive after the form (a case opened by its address goes straight to this tab): each verdict the
  // user has not touched then starts at what the rules allow.
  useEffect(() => {
    if (!eligibility) return;
    caseView.itemCodes.forEach((code, index) => {
      const field = ['items', index, 'approve'] as ['items', number, 'approve'];
      if (!form.isFieldTouched(field)) form.setFieldValue(field, initialVerdict(code, eligibility, refusedBelow));
    });
  }, [eligibility, form]);
  const verdicts = Form.useWatch('items', form) as DecisionValues['items'] | undefined;
  // Documents missing for the items about to be approved, unless the level below already said why it went without them.
  const missingOf = (code: string) => rules.get(code)?.documents?.missing ?? [];
  const coveredBelow = (code: string) =>
    missingOf(code).every((d) =>
      previous?.missingDocuments?.items.some((i) => i.itemCode === code && i.documents.includes(d)),
    );
  const needsReason = (verdicts ?? initial.items).some(
    (v) => v?.approve === true && missingOf(v.itemCode).length > 0 && !coveredBelow(v.itemCode),
  );
  const docName = (kind: string) => nameOf(fixed.attachmentKind, kind);
  const submit = async () => {
    const values = await form.validateFields();
    decide.mutate(values, { onSuccess: () => void message.success(m.decisionForm.submittedOk) });
  };
  return (
    <Form<DecisionValues> form={form} layout="vertical" initialValues={initial} data-testid="decision-form">
      {decide.error && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(decide.error, m.errors.network)}
          style={{ marginBottom: 12 }}
          role="alert"
        />
      )}
      <Form.List name="items">
        {(fields) =>
          fields.map((field) => {
            const code = caseView.itemCodes[field.name]!;
            const rule = rules.get(code);
            const cannotApprove = rule?.eligible === false || refusedBelow(code);
            return (
              <Card
                key={field.key}
                size="small"
                style={{ marginBottom: 12 }}
                data-testid={`decision-item-${code}`}
                title={
                  <Space>
                    <span>{names.item(code)}</span>
                    {rule && (
                      <Tag color={rule.eligible ? 'green' : 'red'}>{m.decisionForm.rulesSay(rule.eligible)}</Tag>
                    )}
                  </Space>
                }
              >
                <Form.Item name={[field.name, 'itemCode']} hidden>
                  <Input />
                </Form.Item>
                {missingOf(code).length > 0 && (
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginBottom: 12 }}
                    data-testid={`decision-missing-${code}`}
                    title={m.decisionForm.missingDocuments(missingOf(code).map(docName).join('、'))}
                  />
                )}
                <Form.Item
                  label={m.decisionForm.verdict}
                  name={[field.name, 'approve']}
                  rules={[{ required: true, message: m.decisionForm.verdictRequired }]}
                >
                  <Radio.Group
                    optionType="button"
                    buttonStyle="solid"
                    data-testid={`decision-${code}`}
                    aria-label={`${names.item(code)}：${m.decisionForm.verdict}`}
                    options={[
                      { value: true, label: m.decisionForm.approve, disabled: cannotApprove },
                      { value: false, label: m.decisionForm.reject },
                    ]}
                  />
                </Form.Item>
                <Form.Item
                  label={m.decisionForm.note}
                  name={[field.name, 'note']}
                  dependencies={[['items', field.name, 'approve']]}
                  rules={[
                    { max: 500 },
                    ({ getFieldValue }) => ({
                      validator: (_, v: string | undefined) =>
                        getFieldValue(['items', field.name, 'approve']) === false && rule?.eligible && !v?.trim()
                          ? Promise.reject(new Error(m.decisionForm.noteRequiredOnReject))
                          : Promise.resolve(),
                    }),
                  ]}
                >
                  <Input.TextArea
                    autoSize={{ minRows: 1, maxRows: 4 }}
                    maxLength={500}
                    data-testid={`decision-note-${code}`}
                  />
                </Form.Item>
              </Card>
            );
          })
        }
      </Form.List>
      {previous?.missingDocuments && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={m.decisionForm.reasonBelow(previous.missingDocuments.reason)}
        />
      )}
      {needsReason && (
        <Form.Item
          label={m.decisionForm.missingDocumentsReason}
          name="missingDocumentsReason"
          extra={m.decisionForm.missingDocumentsReasonHint}
          rules={[
            { required: true, whitespace: true, max: 500, message: m.decisionForm.missingDocumentsReasonRequired },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} data-testid="decision-missing-reason" />
        </Form.Item>
      )}
      <Popconfirm
        title={m.decisionForm.confirmTitle}
        description={m.decisionForm.confirmBody}
        okText={m.common.confirm}
        cancelText={m.common.cancel}
        onConfirm={() => submit().catch(() => undefined)}
      >
        <Button type="primary" loading={decide.isPending} data-testid="decision-submit">
          {m.decisionForm.submit}
        </Button>
      </Popconfirm>
    </Form>
  );
}

function DecisionHistory({ decisions }: { decisions: LevelDecision[] }) {
  const { m, names: fixed } = useLocale();
  const names = useNames();
  const docName = (kind: string) => nameOf(fixed.attachmentKind, kind);
  const rows = decisions.flatMap((d, i) => d.items.map((v) => ({ key: `${i}-${v.itemCode}`, d, v })));
  return (
    <Table
      size="small"
      pagination={false}
      data-testid="decision-history"
      title={() => m.decisionForm.history}
      footer={
        decisions.some((d) => d.missingDocuments)
          ? () =>
              decisions
                .filter((d) => d.missingDocuments)
                .map((d) => (
                  <div key={d.at} data-testid="decision-missing-documents">
                    {d.level === 'county' ? m.decisionForm.levelCounty : m.decisionForm.levelTownship}：
                    {m.decisionForm.decidedWithout(
                      d
                        .missingDocuments!.items.map(
                          (i) => `${names.item(i.itemCode)}（${i.documents.map(docName).join('、')}）`,
                        )
                        .join('；'),
                      d.missingDocuments!.reason,
                    )}
                  </div>
                ))
          : undefined
      }
      dataSource={rows}
      columns={[
        {
          title: m.decisionForm.level,
          key: 'level',
          render: (_, r) => (r.d.level === 'county' ? m.decisionForm.levelCounty : m.decisionForm.levelTownship),
        },
        { title: m.common.item, key: 'item', render: (_, r) => names.item(r.v.itemCode) },
        {
          title: m.decisionForm.verdict,
          key: 'verdict',
          render: (_, r) => (
            <Tag color={r.v.approved ? 'green' : 'red'}>
              {r.v.approved ? m.decisionForm.approved : m.decisionForm.rejected}
            </Tag>
          ),
        },
        { title: m.decisionForm.reason, key: 'reason', render: (_, r) => r.v.reason },
        { title: m.decisionForm.by, key: 'by', render: (_, r) => r.d.by },
        { title: m.decisionForm.at, key: 'at', render: (_, r) => formatTime(r.d.at) },
      ]}
    />
  );
}

/** The decision: the form for the level the case waits for (if it is the caller's), and the decisions so far. */
export function DecisionPanel({
  caseView,
  eligibility,
}: {
  caseView: CaseView;
  eligibility: EligibilityView | undefined;
}) {
  const { m } = useLocale();
  const names = useNames();
  const session = useSession();
  const role = session.data!.account.role;
  const level = waitingLevel(caseView);
  const mayDecide =
    (level === 'township' && role === 'township_caseworker') || (level === 'county' && role === 'county_officer');
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {(caseView.status === 'open' || caseView.status === 'investigating') && (
        <Alert type="info" showIcon title={m.decisionForm.notReady} />
      )}
      {caseView.status === 'decided' && <Alert type="success" showIcon title={m.decisionForm.decided} />}
      {level && (
        <Space wrap>
          <Typography.Text strong>
            {m.decisionForm.waitsFor(level === 'county' ? m.decisionForm.levelCounty : m.decisionForm.levelTownship)}
          </Typography.Text>
          <Countdown dueAt={caseView.decisionDueAt} />
        </Space>
      )}
      {level === 'county' && role !== 'county_officer' && (
        <Alert type="info" showIcon title={m.decisionForm.awaitingCounty} />
      )}
      {mayDecide && (
        // Each verdict starts at what the rules allow, once they are read (the form sets it then).
        <DecisionForm caseView={caseView} eligibility={eligibility} />
      )}
      {(caseView.decisions?.length ?? 0) > 0 && <DecisionHistory decisions={caseView.decisions!} />}
      {(caseView.stoppedItems?.length ?? 0) > 0 && (
        <Card size="small" title={m.decisionForm.stopped}>
          {caseView.stoppedItems!.map((s) => (
            <div key={s.itemCode}>
              {names.item(s.itemCode)}：{s.reason}（{formatTime(s.at)}）
            </div>
          ))}
        </Card>
      )}
    </Space>
  );
}
