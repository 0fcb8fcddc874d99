import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { answer } from '../../api/client';
import { useNames } from '../../api/directory';
import { errorMessage } from '../../api/problem';
import { useSession } from '../../auth/session';
import { formatTime } from '../../components/countdown';
import { saveBlob } from '../../components/download';
import { PageHeader } from '../../components/page-header';
import { useLocale } from '../../i18n/locale';
import { formatFen } from '../provider/money';
import { settlement } from '../provider/service-clients';

/** A sample as settlement lists it (GET /spot-checks/samples). */
interface SampleHead {
  sampleId: string;
  county: string;
  year: number;
  seed: string;
  shareBasisPoints: number;
  services: number;
  sampled: number;
  drawnBy: string;
  drawnAt: string;
}
interface CheckView {
  checkId: string;
  method: string;
  outcome: string;
  note: string;
  checkedAt: string;
  findings: { kind: string; action: 'none' | 'hold' | 'reverse' }[];
  /** The hold released after a re-check or the provider's evidence. */
  release?: { reason: string; releasedBy: string; releasedAt: string; statementState: string };
}
interface SampleView extends SampleHead {
  checked: number;
  byStratum: {
    stratum: { township?: string; provider?: string; item?: string };
    total: number;
    required: number;
    sampled: string[];
    checked: number;
  }[];
  visits: {
    serviceId: string;
    township: string;
    providerId: string;
    itemCode: string;
    serviceDate: string;
    amountFen: number;
    caseRef: string;
    check: CheckView | null;
  }[];
}
interface ReportView {
  services: number;
  checked: number;
  shareCheckedBasisPoints: number;
  requiredShareBasisPoints: number;
  meetsShare: boolean;
  sampleOutstanding: number;
  heldFen: number;
  reversedFen: number;
  releasedFen?: number;
  findingsByKind: Record<string, number>;
  byProvider: { providerId: string; services: number; checked: number; findings: Record<string, number> }[];
}

const percent = (bp: number) => `${(bp / 100).toFixed(bp % 100 ? 2 : 0)}%`;
const lineAction = (check: CheckView | null) => {
  const action = check?.findings.find((f) => f.action !== 'none')?.action ?? ('none' as const);
  return action === 'hold' && check?.release ? ('released' as const) : action;
};

/**
 * 服务抽查 (county): the year's stratified sample of the county's verified services (township × provider × item, at
 * least the pack's share of each) drawn by settlement with a seed the county gives or gets, each stratum's progress,
 * every sampled visit (the person masked) with its check; the county records each check's result, and a visit not
 * (fully) delivered holds or reverses its statement line (shown on the row); a hold a re-check or the provider's
 * evidence clears is released with the reason (paid again). Below, the yearly supervision report with its printable
 * XLSX and the published results.
 */
export default function SpotChecksPage() {
  const { m } = useLocale();
  const t = m.supervision.spotChecks;
  const r = m.supervision.report;
  const names = useNames();
  const session = useSession();
  const { message } = App.useApp();
  const client = useQueryClient();
  const county = (session.data?.account.jurisdiction ?? '').slice(0, 6);
  const [year, setYear] = useState(() => dayjs().year());
  const [seed, setSeed] = useState('');
  const [chosen, setChosen] = useState<string>();
  const [recording, setRecording] = useState<SampleView['visits'][number]>();
  const [form] = Form.useForm<{ method: string; outcome: string; note?: string }>();
  const [releasing, setReleasing] = useState<SampleView['visits'][number]>();
  const [releaseForm] = Form.useForm<{ reason: string }>();

  const samples = useQuery({
    queryKey: ['settlement', 'spot-check-samples', county, year],
    queryFn: () =>
      answer<{ samples: SampleHead[] }>(
        settlement.GET('/spot-checks/samples', { params: { query: { county, year } } }),
      ),
    enabled: county.length === 6,
  });
  const sampleId = chosen ?? samples.data?.samples[0]?.sampleId;
  const sample = useQuery({
    queryKey: ['settlement', 'spot-check-sample', sampleId],
    queryFn: () =>
      answer<SampleView>(
        settlement.GET('/spot-checks/samples/{sampleId}', { params: { path: { sampleId: sampleId! } } }),
      ),
    enabled: Boolean(sampleId),
  });
  const report = useQuery({
    queryKey: ['settlement', 'supervision-report', county, year],
    queryFn: () => answer<ReportView>(settlement.GET('/supervision-report', { params: { query: { county, year } } })),
    enabled: county.length === 6,
  });
  const refresh = () => client.invalidateQueries({ queryKey: ['settlement'] });

  const draw = useMutation({
    mutationFn: () =>
      answer<SampleView>(
        settlement.POST('/spot-checks/samples', {
          body: { county, year, ...(seed.trim() ? { seed: seed.trim() } : {}) },
        }),
      ),
    onSuccess: (drawn) => {
      setChosen(drawn.sampleId);
      void message.success(t.drawn(drawn.sampled, drawn.services));
      void refresh();
    },
  });
  const record = useMutation({
    mutationFn: (values: { method: string; outcome: string; note?: string }) =>
      answer(
        settlement.POST('/spot-checks/samples/{sampleId}/checks', {
          params: { path: { sampleId: sampleId! } },
          body: {
            visitId: recording!.serviceId,
            method: values.method as 'home_visit',
            outcome: values.outcome as 'confirmed',
            note: values.note ?? '',
          },
        }),
      ),
    onSuccess: () => {
      setRecording(undefined);
      form.resetFields();
      void message.success(t.saved);
      void refresh();
    },
  });

  const release = useMutation({
    mutationFn: (values: { reason: string }) =>
      answer(
        settlement.POST('/spot-checks/{checkId}/release', {
          params: { path: { checkId: releasing!.check!.checkId } },
          body: { reason: values.reason },
        }),
      ),
    onSuccess: () => {
      setReleasing(undefined);
      releaseForm.resetFields();
      void message.success(t.released);
      void refresh();
    },
  });

  const download = async (path: '/supervision-report' | '/public/supervision-results', filename: string) => {
    try {
      const { data } = await settlement.GET(path, {
        params: { query: { county, year, format: 'xlsx' } },
        parseAs: 'blob',
      });
      saveBlob(data as unknown as Blob, `${filename}.xlsx`);
    } catch (err) {
      void message.error(errorMessage(err, m.errors.network));
    }
  };

  const s = sample.data;
  const error = samples.error ?? sample.error ?? draw.error;
  return (
    <>
      <PageHeader title={t.title} hint={t.hint} />
      <Card>
        <Space wrap className="filter-bar" data-testid="spot-check-filters">
          <label htmlFor="spot-check-year">{t.year}</label>
          <InputNumber
            id="spot-check-year"
            min={2000}
            max={2100}
            precision={0}
            value={year}
            onChange={(v) => {
              setYear(Number(v ?? dayjs().year()));
              setChosen(undefined);
            }}
            data-testid="spot-check-year"
          />
          <label htmlFor="spot-check-seed">{t.seed}</label>
          <Input
            id="spot-check-seed"
            value={seed}
            placeholder={t.seedPlaceholder}
            onChange={(e) => setSeed(e.target.value)}
            style={{ width: 240 }}
            data-testid="spot-check-seed"
          />
          <Button type="primary" loading={draw.isPending} onClick={() => draw.mutate()} data-testid="spot-check-draw">
            {t.draw}
          </Button>
          {samples.data?.samples.length ? (
            <>
              <label htmlFor="spot-check-sample">{t.samples}</label>
              <Select
                id="spot-check-sample"
                value={sampleId}
                onChange={setChosen}
                style={{ minWidth: 320 }}
                data-testid="spot-check-sample"
                options={samples.data.samples.map((x) => ({
                  value: x.sampleId,
                  label: t.sampleOption(formatTime(x.drawnAt), x.seed, x.sampled),
                }))}
              />
            </>
          ) : null}
        </Space>
        {error ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={errorMessage(error, m.errors.network)}
            style={{ margin: '12px 0' }}
          />
        ) : null}
        {!s ? (
          <Empty description={t.none} data-testid="spot-check-none" />
        ) : (
          <>
            <Alert
              type="info"
              showIcon
              style={{ margin: '12px 0' }}
              data-testid="spot-check-summary"
              title={t.summary(s.services, s.sampled, s.checked, percent(s.shareBasisPoints))}
              description={t.seedOf(s.seed)}
            />
            <Typography.Title level={2} className="section-title">
              {t.strata}
            </Typography.Title>
            <Table
              rowKey={(x) => `${x.stratum.township}|${x.stratum.provider}|${x.stratum.item}`}
              size="small"
              data-testid="spot-check-strata"
              dataSource={s.byStratum}
              pagination={false}
              scroll={{ x: 'max-content' }}
              columns={[
                {
                  title: t.township,
                  key: 'township',
                  render: (_, x) => names.place(x.stratum.township) || x.stratum.township,
                },
                {
                  title: t.provider,
                  key: 'provider',
                  render: (_, x) => names.provider(x.stratum.provider) || x.stratum.provider,
                },
                { title: t.item, key: 'item', render: (_, x) => names.item(x.stratum.item) || x.stratum.item },
                { title: t.total, dataIndex: 'total' },
                { title: t.required, dataIndex: 'required' },
                { title: t.checked, dataIndex: 'checked' },
                {
                  title: t.progress,
                  key: 'progress',
                  render: (_, x) => (
                    <Progress
                      percent={Math.floor((x.checked * 100) / Math.max(1, x.sampled.length))}
                      size="small"
                      style={{ width: 140 }}
                      aria-label={`${x.checked}/${x.sampled.length}`}
                    />
                  ),
                },
              ]}
            />
            <Typography.Title level={2} className="section-title">
              {t.visits}
            </Typography.Title>
            <Table
              rowKey="serviceId"
              size="small"
              data-testid="spot-check-visits"
              dataSource={s.visits}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t.serviceDate, dataIndex: 'serviceDate' },
                { title: t.township, key: 'township', render: (_, v) => names.place(v.township) || v.township },
                { title: t.provider, key: 'provider', render: (_, v) => names.provider(v.providerId) || v.providerId },
                { title: t.item, key: 'item', render: (_, v) => names.item(v.itemCode) || v.itemCode },
                { title: t.caseRef, dataIndex: 'caseRef' },
                { title: t.amount, key: 'amount', render: (_, v) => formatFen(v.amountFen) },
                {
                  title: t.state,
                  key: 'state',
                  render: (_, v) =>
                    v.check ? (
                      <span data-testid="spot-check-result">
                        {`${t.methods[v.check.method]} · ${t.outcomes[v.check.outcome]}`}
                      </span>
                    ) : (
                      <Tag>{t.notChecked}</Tag>
                    ),
                },
                {
                  title: t.lineAction,
                  key: 'action',
                  render: (_, v) =>
                    v.check ? (
                      <div>
                        <Tag
                          color={
                            { none: 'default', hold: 'orange', reverse: 'red', released: 'green' }[lineAction(v.check)]
                          }
                          data-testid="spot-check-line-action"
                        >
                          {t.actions[lineAction(v.check)]}
                        </Tag>
                        {v.check.release ? (
                          <Typography.Text
                            type="secondary"
                            style={{ display: 'block', maxWidth: 280, marginTop: 4, whiteSpace: 'normal' }}
                            data-testid="spot-check-release-note"
                          >
                            {t.releasedBy(v.check.release.reason, formatTime(v.check.release.releasedAt))}
                          </Typography.Text>
                        ) : null}
                      </div>
                    ) : null,
                },
                {
                  title: t.record,
                  key: 'record',
                  render: (_, v) =>
                    !v.check ? (
                      <Button
                        size="small"
                        onClick={() => setRecording(v)}
                        aria-label={t.recordOf(v.serviceId)}
                        data-testid="spot-check-record"
                      >
                        {t.record}
                      </Button>
                    ) : lineAction(v.check) === 'hold' ? (
                      <Button
                        size="small"
                        onClick={() => setReleasing(v)}
                        aria-label={t.releaseOf(v.serviceId)}
                        data-testid="spot-check-release"
                      >
                        {t.release}
                      </Button>
                    ) : null,
                },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              {t.actionHint}
            </Typography.Paragraph>
          </>
        )}
      </Card>

      <Card
        title={r.title}
        style={{ marginTop: 16 }}
        data-testid="supervision-report"
        extra={
          <Space wrap>
            <Button
              icon={<FileExcelOutlined />}
              onClick={() => void download('/supervision-report', r.fileName(county, year))}
              data-testid="supervision-report-xlsx"
            >
              {r.download}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              onClick={() => void download('/public/supervision-results', r.publicFileName(county, year))}
              data-testid="supervision-results-xlsx"
            >
              {r.published}
            </Button>
          </Space>
        }
      >
        {report.data ? (
          <>
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} data-testid="supervision-report-figures">
              <Descriptions.Item label={r.services}>{report.data.services}</Descriptions.Item>
              <Descriptions.Item label={r.checked}>{report.data.checked}</Descriptions.Item>
              <Descriptions.Item label={r.share}>{percent(report.data.shareCheckedBasisPoints)}</Descriptions.Item>
              <Descriptions.Item label={r.required}>{percent(report.data.requiredShareBasisPoints)}</Descriptions.Item>
              <Descriptions.Item label={r.meets}>{report.data.meetsShare ? r.yes : r.no}</Descriptions.Item>
              <Descriptions.Item label={r.outstanding}>{report.data.sampleOutstanding}</Descriptions.Item>
              <Descriptions.Item label={r.held}>{formatFen(report.data.heldFen)}</Descriptions.Item>
              <Descriptions.Item label={r.reversed}>{formatFen(report.data.reversedFen)}</Descriptions.Item>
              <Descriptions.Item label={r.released}>{formatFen(report.data.releasedFen ?? 0)}</Descriptions.Item>
            </Descriptions>
            <Table
              rowKey="providerId"
              size="small"
              data-testid="supervision-report-providers"
              dataSource={report.data.byProvider}
              pagination={false}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t.provider, key: 'provider', render: (_, p) => names.provider(p.providerId) || p.providerId },
                { title: r.services, dataIndex: 'services' },
                { title: r.checked, dataIndex: 'checked' },
                {
                  title: r.findings,
                  key: 'findings',
                  render: (_, p) =>
                    Object.entries(p.findings)
                      .map(([kind, n]) => `${r.findingNames[kind] ?? kind} ${n}`)
                      .join('；'),
                },
              ]}
            />
          </>
        ) : report.error ? (
          <Alert type="error" showIcon title={errorMessage(report.error, m.errors.network)} />
        ) : null}
      </Card>

      <Modal
        open={Boolean(recording)}
        title={t.recordTitle}
        okText={t.save}
        confirmLoading={record.isPending}
        onCancel={() => setRecording(undefined)}
        onOk={() => form.submit()}
        okButtonProps={{ 'data-testid': 'spot-check-save' } as never}
        destroyOnHidden
      >
        {recording ? (
          <Typography.Paragraph>
            {`${recording.serviceDate} · ${names.provider(recording.providerId) || recording.providerId} · ${recording.serviceId}`}
          </Typography.Paragraph>
        ) : null}
        {record.error ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={errorMessage(record.error, m.errors.network)}
            style={{ marginBottom: 12 }}
          />
        ) : null}
        <Form
          form={form}
          layout="vertical"
          onFinish={(values) => record.mutate(values)}
          initialValues={{ method: 'home_visit', outcome: 'confirmed' }}
        >
          <Form.Item name="method" label={t.method} rules={[{ required: true }]}>
            <Select
              data-testid="spot-check-method"
              options={Object.entries(t.methods).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="outcome" label={t.outcome} rules={[{ required: true }]}>
            <Select
              data-testid="spot-check-outcome"
              options={Object.entries(t.outcomes).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="note" label={t.note}>
            <Input.TextArea rows={3} placeholder={t.notePlaceholder} data-testid="spot-check-note" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={Boolean(releasing)}
        title={t.release}
        okText={t.release}
        confirmLoading={release.isPending}
        onCancel={() => {
          setReleasing(undefined);
          release.reset();
        }}
        onOk={() => releaseForm.submit()}
        okButtonProps={{ 'data-testid': 'spot-check-release-save' } as never}
        destroyOnHidden
      >
        {releasing ? (
          <Typography.Paragraph>
            {`${releasing.serviceDate} · ${names.provider(releasing.providerId) || releasing.providerId} · ${releasing.serviceId} · ${formatFen(releasing.amountFen)}`}
          </Typography.Paragraph>
        ) : null}
        <Typography.Paragraph type="secondary">{t.releaseHint}</Typography.Paragraph>
        {release.error ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={errorMessage(release.error, m.errors.network)}
            style={{ marginBottom: 12 }}
          />
        ) : null}
        <Form form={releaseForm} layout="vertical" onFinish={(values) => release.mutate(values)}>
          <Form.Item
            name="reason"
            label={t.releaseReason}
            rules={[{ required: true, whitespace: true, message: t.releaseReasonRequired }]}
          >
            <Input.TextArea
              rows={3}
              maxLength={500}
              placeholder={t.releaseReasonPlaceholder}
              data-testid="spot-check-release-reason"
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
