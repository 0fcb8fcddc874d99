import { DownloadOutlined, FormOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Empty,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { answer, api } from '../../api/client';
import { useNames } from '../../api/directory';
import { errorMessage } from '../../api/problem';
import { useSession } from '../../auth/session';
import { formatTime } from '../../components/countdown';
import { saveBlob } from '../../components/download';
import { PageHeader } from '../../components/page-header';
import { ErrorAlert } from '../../components/table-paging';
import { useLocale } from '../../i18n/locale';
import type { PersonFileView } from './views';

type Row<K extends keyof PersonFileView> = PersonFileView[K] extends (infer T)[] ? T : never;

/** A section of the file: its title and a small table, or "nothing recorded". */
function Section<T extends object>({
  title,
  testId,
  rows,
  columns,
  rowKey,
  extra,
}: {
  title: string;
  testId: string;
  rows: T[];
  columns: ColumnsType<T>;
  rowKey: (row: T, i?: number) => string;
  extra?: ReactNode;
}) {
  const { m } = useLocale();
  return (
    <Card title={title} size="small" data-testid={testId} style={{ marginTop: 12 }} extra={extra}>
      <Table<T>
        size="small"
        rowKey={(r) => rowKey(r)}
        dataSource={rows}
        columns={columns}
        pagination={rows.length > 20 ? { pageSize: 20 } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m.personFile.empty} /> }}
      />
    </Card>
  );
}

interface EvaluationForm {
  occasion: 'review' | 'plan_ended';
  planId?: string;
  satisfaction: number;
  goalsMet: string;
  selfCare: string;
  barthelScore?: number;
  recommendation: 'continue' | 'adjust' | 'stop';
  remarks?: string;
}

/** The effect evaluation form (效果评估), filled by the township at a review or when a plan ends. */
function EvaluationModal({ file, open, onClose }: { file: PersonFileView; open: boolean; onClose: () => void }) {
  const { m } = useLocale();
  const e = m.personFile.evaluation;
  const names = useNames();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<EvaluationForm>();
  const occasion = Form.useWatch('occasion', form);
  const recommendation = Form.useWatch('recommendation', form);
  const save = useMutation({
    mutationFn: (values: EvaluationForm) =>
      answer(
        api.assessment.POST('/files/{serviceNumber}/evaluations', {
          params: { path: { serviceNumber: file.serviceNumber } },
          body: { ...values, ...(values.remarks?.trim() ? {} : { remarks: undefined }) } as never,
        }),
      ),
    onSuccess: async () => {
      void message.success(e.saved);
      form.resetFields();
      onClose();
      await client.invalidateQueries({ queryKey: ['person-file', file.serviceNumber] });
    },
    onError: (err) => void message.error(errorMessage(err, m.errors.network)),
  });
  const required = [{ required: true, message: e.required }];
  return (
    <Modal
      open={open}
      title={e.title}
      onCancel={onClose}
      okText={e.submit}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'evaluation-submit' } as never}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{e.hint}</Typography.Paragraph>
      <Form<EvaluationForm>
        form={form}
        layout="vertical"
        initialValues={{ occasion: 'review', satisfaction: 4, recommendation: 'continue' }}
        onFinish={(values) => save.mutate(values)}
        data-testid="evaluation-form"
      >
        <Form.Item name="occasion" label={e.occasion} rules={required}>
          <Radio.Group
            options={(['review', 'plan_ended'] as const).map((v) => ({ value: v, label: e.occasions[v] }))}
          />
        </Form.Item>
        <Form.Item
          name="planId"
          label={e.plan}
          rules={occasion === 'plan_ended' ? [{ required: true, message: e.planRequired }] : []}
        >
          <Select
            allowClear
            aria-label={e.plan}
            data-testid="evaluation-plan"
            options={file.plans.map((p) => ({
              value: p.planId,
              label: `${p.caseNumber} · ${names.item(p.itemCode)} · ${names.provider(p.providerId)}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="satisfaction" label={e.satisfaction} rules={required}>
          <Radio.Group
            optionType="button"
            data-testid="evaluation-satisfaction"
            options={[1, 2, 3, 4, 5].map((v) => ({ value: v, label: String(v) }))}
          />
        </Form.Item>
        <Form.Item name="goalsMet" label={e.goalsMet} rules={required}>
          <Radio.Group
            data-testid="evaluation-goals"
            options={Object.entries(e.goals).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item name="selfCare" label={e.selfCare} rules={required}>
          <Radio.Group
            data-testid="evaluation-self-care"
            options={Object.entries(e.selfCares).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item
          name="barthelScore"
          label={e.barthelScore}
          extra={(() => {
            const scores = file.needsForms.filter((f) => f.barthel);
            const before = scores.at(-1)?.barthel?.score;
            return before !== undefined ? e.before(before) : undefined;
          })()}
        >
          <InputNumber min={0} max={100} step={5} aria-label={e.barthelScore} />
        </Form.Item>
        <Form.Item name="recommendation" label={e.recommendation} rules={required}>
          <Radio.Group
            data-testid="evaluation-recommendation"
            options={Object.entries(e.recommendations).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item
          name="remarks"
          label={e.remarks}
          rules={
            recommendation === 'adjust' || recommendation === 'stop'
              ? [{ required: true, whitespace: true, message: e.remarksRequired }]
              : []
          }
        >
          <Input.TextArea rows={3} maxLength={1000} aria-label={e.remarks} data-testid="evaluation-remarks" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One person's file (一人一档): the cover, each section, the effect evaluations, the export (PDF + attachments). */
export default function PersonFilePage() {
  const { serviceNumber = '' } = useParams();
  const { m } = useLocale();
  const p = m.personFile;
  const names = useNames();
  const session = useSession();
  const { message } = App.useApp();
  const [evaluating, setEvaluating] = useState(false);
  const [exporting, setExporting] = useState(false);
  const file = useQuery({
    queryKey: ['person-file', serviceNumber],
    queryFn: () =>
      answer<PersonFileView>(api.assessment.GET('/files/{serviceNumber}', { params: { path: { serviceNumber } } })),
  });
  const f = file.data;
  const township = session.data?.account.role === 'township_caseworker';

  const exportFile = async () => {
    setExporting(true);
    try {
      const { data } = await api.assessment.GET('/files/{serviceNumber}/export', {
        params: { path: { serviceNumber } },
        parseAs: 'blob',
      });
      saveBlob(data as unknown as Blob, `一人一档-${serviceNumber}.zip`);
      void message.success(p.exported);
    } catch (err) {
      void message.error(errorMessage(err, m.errors.network));
    } finally {
      setExporting(false);
    }
  };

  const label = (map: Record<string, string>, key: string | undefined) => (key ? (map[key] ?? key) : '');
  return (
    <>
      <PageHeader
        title={p.fileTitle(serviceNumber)}
        hint={p.fileHint}
        extra={
          <Space>
            <Link to="/files">{p.back}</Link>
            {township && f && (
              <Button icon={<FormOutlined />} onClick={() => setEvaluating(true)} data-testid="evaluation-add">
                {p.evaluation.add}
              </Button>
            )}
            <Button
              type="primary"
              icon={<DownloadOutlined />}
              loading={exporting}
              disabled={!f}
              onClick={() => void exportFile()}
              data-testid="file-export"
            >
              {p.export}
            </Button>
          </Space>
        }
      />
      <ErrorAlert error={file.error} />
      {f && (
        <>
          <Card title={p.cover} size="small" data-testid="file-cover">
            <Descriptions size="small" column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label={p.serviceNumber}>
                <Typography.Text strong data-testid="file-service-number">
                  {f.serviceNumber}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={p.name}>{f.person.name}</Descriptions.Item>
              <Descriptions.Item label={p.idNumber}>{f.person.idNumberMasked}</Descriptions.Item>
              <Descriptions.Item label={p.township}>
                {names.place(f.county)} · {names.place(f.township)}
              </Descriptions.Item>
              <Descriptions.Item label={p.issuedAt}>{formatTime(f.issuedAt)}</Descriptions.Item>
              <Descriptions.Item label={p.sections.visits}>
                {p.visitSummary(
                  f.visitSummary.total,
                  f.visitSummary.verified,
                  f.visitSummary.disputed,
                  f.visitSummary.unverified,
                )}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Section<Row<'cases'>>
            title={p.sections.cases}
            testId="file-cases"
            rows={f.cases}
            rowKey={(c) => c.caseId}
            columns={[
              {
                title: p.caseNumber,
                key: 'n',
                render: (_, c) => <Link to={`/cases/${c.caseId}`}>{c.caseNumber}</Link>,
              },
              { title: p.openedAt, key: 'at', render: (_, c) => formatTime(c.openedAt) },
              { title: p.items, key: 'items', render: (_, c) => c.itemCodes.map((i) => names.item(i)).join('、') },
            ]}
          />
          <Section<Row<'documents'>>
            title={p.sections.documents}
            testId="file-documents"
            rows={f.documents}
            rowKey={(d) => d.attachmentId}
            columns={[
              { title: p.caseNumber, key: 'n', dataIndex: 'caseNumber' },
              { title: p.kind, key: 'kind', render: (_, d) => label(p.kinds, d.kind) },
              { title: p.attachedAt, key: 'at', render: (_, d) => formatTime(d.attachedAt) },
              { title: p.attachmentId, key: 'id', dataIndex: 'attachmentId' },
            ]}
          />
          <Section<Row<'needsForms'>>
            title={p.sections.needsForms}
            testId="file-needs-forms"
            rows={f.needsForms}
            rowKey={(n) => `${n.caseNumber}-${n.recordedAt}`}
            columns={[
              { title: p.caseNumber, key: 'n', dataIndex: 'caseNumber' },
              { title: p.recordedAt, key: 'at', render: (_, n) => formatTime(n.recordedAt) },
              {
                title: p.difficulty,
                key: 'd',
                render: (_, n) => `${n.difficulty.types.join('、')}（${label(p.degrees, n.difficulty.degree)}）`,
              },
              { title: p.barthel, key: 'b', render: (_, n) => n.barthel?.score ?? '' },
              { title: p.needs, key: 'needs', render: (_, n) => n.needs.map((x) => x.description).join('；') },
            ]}
          />
          <Section<Row<'decisions'>>
            title={p.sections.decisions}
            testId="file-decisions"
            rows={f.decisions}
            rowKey={(d) => `${d.caseNumber}-${d.decidedAt}`}
            columns={[
              { title: p.caseNumber, key: 'n', dataIndex: 'caseNumber' },
              { title: p.decidedAt, key: 'at', render: (_, d) => formatTime(d.decidedAt) },
              {
                title: p.reason,
                key: 'items',
                render: (_, d) => (
                  <Space direction="vertical" size={2}>
                    {d.items.map((i) => (
                      <span key={i.itemCode}>
                        <Tag color={i.approved ? 'green' : 'red'}>{i.approved ? p.approved : p.rejected}</Tag>
                        {names.item(i.itemCode)}：{i.reason}
                      </span>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
          {f.stoppedItems.map((s) => (
            <Typography.Paragraph key={`${s.caseNumber}-${s.itemCode}`} type="warning">
              {p.stopped(names.item(s.itemCode), s.effectiveFrom, s.reason)}
            </Typography.Paragraph>
          ))}
          <Section<Row<'referrals'>>
            title={p.sections.referrals}
            testId="file-referrals"
            rows={f.referrals}
            rowKey={(r) => r.referralId}
            columns={[
              { title: p.caseNumber, key: 'n', dataIndex: 'caseNumber' },
              { title: p.item, key: 'item', render: (_, r) => names.item(r.itemCode) },
              {
                title: p.receiver,
                key: 'to',
                render: (_, r) =>
                  r.receiver.startsWith('provider:')
                    ? names.provider(r.receiver.slice('provider:'.length))
                    : names.receiver(r.receiver.slice(r.receiver.indexOf(':') + 1)),
              },
              { title: p.status, key: 's', render: (_, r) => label(p.referralStatuses, r.status) },
              { title: p.explanation, key: 'e', dataIndex: 'explanation' },
            ]}
          />
          <Section<Row<'plans'>>
            title={p.sections.plans}
            testId="file-plans"
            rows={f.plans}
            rowKey={(x) => x.planId}
            columns={[
              { title: p.caseNumber, key: 'n', dataIndex: 'caseNumber' },
              { title: p.item, key: 'item', render: (_, x) => names.item(x.itemCode) },
              { title: p.provider, key: 'prov', render: (_, x) => names.provider(x.providerId) },
              {
                title: p.version,
                key: 'v',
                render: (_, x) => (
                  <Space direction="vertical" size={2}>
                    {x.versions.map((v) => (
                      <span key={v.planVersion}>
                        v{v.planVersion} <Tag>{label(p.planStatuses, v.status)}</Tag>
                        {v.startDate} ~ {v.endDate} · {v.tasks.join('、')}
                        {v.reason ? ` · ${v.reason}` : ''}
                      </span>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
          <Section<Row<'visits'>>
            title={p.sections.visits}
            testId="file-visits"
            rows={f.visits}
            rowKey={(v) => v.visitId}
            columns={[
              { title: p.caseNumber, key: 'n', dataIndex: 'caseNumber' },
              { title: p.scheduledFor, key: 'at', render: (_, v) => formatTime(v.scheduledFor) },
              { title: p.status, key: 's', render: (_, v) => label(p.visitStatuses, v.status) },
              { title: p.checkIn, key: 'in', render: (_, v) => formatTime(v.checkedInAt) },
              { title: p.checkOut, key: 'out', render: (_, v) => formatTime(v.checkedOutAt ?? v.deliveredAt) },
              {
                title: p.distance,
                key: 'd',
                render: (_, v) =>
                  v.distanceMeters !== undefined ? (
                    <>
                      {p.meters(v.distanceMeters)} {v.farFromHome && <Tag color="orange">{p.far}</Tag>}
                    </>
                  ) : (
                    ''
                  ),
              },
              {
                title: p.verification,
                key: 'v',
                render: (_, v) =>
                  v.verification ? (
                    <Tag
                      color={
                        v.verification === 'verified' ? 'green' : v.verification === 'disputed' ? 'red' : 'default'
                      }
                    >
                      {label(p.verifications, v.verification)}
                    </Tag>
                  ) : (
                    ''
                  ),
              },
            ]}
          />
          <Section<Row<'complaints'>>
            title={p.sections.complaints}
            testId="file-complaints"
            rows={f.complaints}
            rowKey={(c) => c.complaintId}
            columns={[
              { title: p.complaintNumber, key: 'n', dataIndex: 'complaintNumber' },
              { title: p.receivedAt, key: 'at', render: (_, c) => formatTime(c.receivedAt) },
              { title: p.summary, key: 's', dataIndex: 'summary' },
              { title: p.outcome, key: 'o', render: (_, c) => c.outcome?.summary ?? '' },
            ]}
          />
          <Section<Row<'evaluations'>>
            title={p.sections.evaluations}
            testId="file-evaluations"
            rows={f.evaluations}
            rowKey={(e) => e.evaluationId}
            columns={[
              { title: p.recordedAt, key: 'at', render: (_, e) => formatTime(e.recordedAt) },
              { title: p.evaluation.occasion, key: 'o', render: (_, e) => label(p.evaluation.occasions, e.occasion) },
              { title: p.evaluation.satisfaction, key: 's', render: (_, e) => `${e.satisfaction} / 5` },
              { title: p.evaluation.goalsMet, key: 'g', render: (_, e) => label(p.evaluation.goals, e.goalsMet) },
              {
                title: p.evaluation.selfCare,
                key: 'c',
                render: (_, e) =>
                  `${label(p.evaluation.selfCares, e.selfCare)}${
                    e.barthelScore !== undefined
                      ? `（${e.barthelBefore !== undefined ? `${e.barthelBefore} → ` : ''}${e.barthelScore}）`
                      : ''
                  }`,
              },
              {
                title: p.evaluation.recommendation,
                key: 'r',
                render: (_, e) => label(p.evaluation.recommendations, e.recommendation),
              },
              { title: p.evaluation.remarks, key: 'm', render: (_, e) => e.remarks ?? '' },
            ]}
          />
          <EvaluationModal file={f} open={evaluating} onClose={() => setEvaluating(false)} />
        </>
      )}
    </>
  );
}
