import { DownloadOutlined, PrinterOutlined, SyncOutlined } from '@ant-design/icons';
import { useQueries } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Input, InputNumber, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useNames } from '../../api/directory';
import { pageOf } from '../../api/paging';
import { errorMessage } from '../../api/problem';
import { useSession } from '../../auth/session';
import { formatTime } from '../../components/countdown';
import { saveBlob } from '../../components/download';
import { PageHeader } from '../../components/page-header';
import { PrintTable } from '../../components/print-table';
import { useLocale } from '../../i18n/locale';
import { CaseLink } from '../township/cells';
import { csvText } from '../provider/csv';
import { MonthFilter, usePaging } from '../provider/list-parts';
import { fenAsYuan, formatFen } from '../provider/money';
import { fetchStatement, statementKey } from '../provider/statement-detail';
import type { AccrualView } from '../provider/views';
import { spotCheckSample } from './county-figures';
import { useContracts } from './queries';

/** The plans ask the county to spot-check at least 30% of the services (DOMAIN.md, 监督管理). */
const MIN_RATE = 30;

/**
 * 服务抽查: the sample of a month's delivered services the county checks (by visiting or calling the person):
 * at least 30% of each provider's delivered visits, drawn from a seed shown on the page (the same seed draws
 * the same sample, so the draw can be checked), printable and exportable. The visits are the settled ones
 * (settlement's statements of every contracted provider). Recording the check's findings needs an API
 * (NEEDED-APIS.md C4).
 */
export default function SpotChecksPage() {
  const { m } = useLocale();
  const t = m.county.spotChecks;
  const names = useNames();
  const session = useSession();
  const contracts = useContracts();
  const [month, setMonth] = useState<Dayjs>(() => dayjs().subtract(1, 'month'));
  const [rate, setRate] = useState(MIN_RATE);
  const monthKey = month.format('YYYY-MM');
  const jurisdiction = session.data?.account.jurisdiction ?? '';
  const [seed, setSeed] = useState<string>();
  const drawSeed = seed ?? `${monthKey}|${jurisdiction}`;
  const { paging, table } = usePaging();

  const providers = useMemo(() => {
    const ids = new Set<string>();
    for (const p of names.directory?.providers.values() ?? []) ids.add(p.code);
    for (const k of contracts.data?.items ?? []) ids.add(k.providerId);
    return [...ids].sort();
  }, [names.directory, contracts.data]);
  const statements = useQueries({
    queries: providers.map((providerId) => ({
      queryKey: statementKey(providerId, monthKey),
      queryFn: () => fetchStatement(providerId, monthKey),
    })),
  });
  const loading = contracts.isPending || statements.some((s) => s.isPending);
  const error = contracts.error ?? statements.find((s) => s.error)?.error;
  // A few hundred visits a month per county: drawn again on each render, cheaply.
  const pool = statements.flatMap((s) => s.data?.accruals ?? []);
  const sample = spotCheckSample(pool, {
    rate: rate / 100,
    seed: drawSeed,
    groupOf: (a) => a.providerId,
    idOf: (a) => a.visitId,
  }).sort((a, b) => a.providerId.localeCompare(b.providerId) || a.deliveredAt.localeCompare(b.deliveredAt));
  const page = pageOf({ items: sample }, paging, () => true);

  const columns = [
    { title: t.provider, value: (a: AccrualView) => names.provider(a.providerId) },
    { title: t.deliveredAt, value: (a: AccrualView) => formatTime(a.deliveredAt) },
    { title: m.common.township, value: (a: AccrualView) => names.place(a.township) },
    { title: m.common.item, value: (a: AccrualView) => names.item(a.itemCode) || a.itemName.zh },
    { title: t.worker, value: (a: AccrualView) => a.workerId },
    { title: t.units, value: (a: AccrualView) => `${a.units} ${a.unit.zh}` },
    { title: t.amount, value: (a: AccrualView) => formatFen(a.amountFen) },
  ];
  const exportCsv = () => {
    const csv = csvText(
      [t.provider, t.deliveredAt, m.common.township, m.common.item, t.worker, t.units, t.amount, t.visitId, t.caseId],
      sample.map((a) => [
        names.provider(a.providerId),
        formatTime(a.deliveredAt),
        names.place(a.township),
        names.item(a.itemCode) || a.itemName.zh,
        a.workerId,
        a.units,
        fenAsYuan(a.amountFen),
        a.visitId,
        a.caseId,
      ]),
    );
    saveBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), `${t.fileName(monthKey)}.csv`);
  };

  return (
    <>
      <PageHeader
        title={t.title}
        hint={t.hint}
        extra={
          <>
            <Button
              icon={<DownloadOutlined />}
              disabled={!sample.length}
              onClick={exportCsv}
              data-testid="spot-check-export"
            >
              {m.common.exportCsv}
            </Button>
            <Button
              icon={<PrinterOutlined />}
              disabled={!sample.length}
              onClick={() => window.print()}
              data-testid="spot-check-print"
            >
              {m.common.print}
            </Button>
          </>
        }
      />
      <Card>
        <Space wrap className="filter-bar no-print" data-testid="spot-check-filters">
          <MonthFilter
            id="spot-check-month"
            label={t.month}
            value={month}
            onChange={(d) => {
              setMonth(d);
              setSeed(undefined);
            }}
            testId="spot-check-month"
          />
          <label htmlFor="spot-check-rate">{t.rate}</label>
          <InputNumber
            id="spot-check-rate"
            min={MIN_RATE}
            max={100}
            precision={0}
            value={rate}
            suffix="%"
            onChange={(v) => setRate(Math.max(MIN_RATE, Math.min(100, Number(v ?? MIN_RATE))))}
            data-testid="spot-check-rate"
          />
          <label htmlFor="spot-check-seed">{t.seed}</label>
          <Input
            id="spot-check-seed"
            value={drawSeed}
            onChange={(e) => setSeed(e.target.value || undefined)}
            style={{ width: 240 }}
            data-testid="spot-check-seed"
          />
          <Button
            icon={<SyncOutlined />}
            onClick={() => setSeed(`${monthKey}|${jurisdiction}|${dayjs().format('YYYYMMDDHHmmss')}`)}
            data-testid="spot-check-redraw"
          >
            {t.redraw}
          </Button>
        </Space>
        {error ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={errorMessage(error, m.errors.network)}
            style={{ marginBottom: 12 }}
          />
        ) : null}
        <Alert
          className="no-print"
          type="info"
          showIcon
          title={loading ? m.app.loading : t.summary(pool.length, sample.length, rate)}
          description={t.seedHint}
          style={{ marginBottom: 12 }}
          data-testid="spot-check-summary"
        />
        <div className="print-only print-heading">{t.printTitle(monthKey)}</div>
        <div className="print-only print-meta">
          <span>{session.data?.account.jurisdictionName}</span>
          <span>{`${t.seed}：${drawSeed}`}</span>
          <span>{t.summary(pool.length, sample.length, rate)}</span>
        </div>
        <PrintTable<AccrualView> rows={sample} rowKey={(a) => a.visitId} columns={columns} />
        <div className="screen-only">
          <Table<AccrualView>
            rowKey="visitId"
            size="middle"
            data-testid="spot-check-table"
            loading={loading}
            dataSource={page.rows}
            pagination={table(page.total)}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t.empty} /> }}
            columns={[
              ...columns.map((c) => ({
                title: c.title,
                key: c.title,
                render: (_: unknown, a: AccrualView) => c.value(a),
              })),
              {
                title: m.common.caseNumber,
                key: 'case',
                render: (_: unknown, a: AccrualView) => <CaseLink caseId={a.caseId} caseNumber={t.openCase} />,
              },
            ]}
          />
        </div>
        <Typography.Paragraph type="secondary" className="no-print" style={{ marginTop: 12 }}>
          {t.howTo}
        </Typography.Paragraph>
      </Card>
    </>
  );
}
