import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, InputNumber, Progress, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { answer } from '../../api/client';
import { errorMessage } from '../../api/problem';
import { saveBlob } from '../../components/download';
import { PageHeader } from '../../components/page-header';
import { useLocale } from '../../i18n/locale';
import { formatFen } from '../provider/money';
import { settlement } from '../provider/service-clients';

/** settlement `GET /funding`. */
interface FundingView {
  county: string;
  year: number;
  demo: boolean;
  pooledAssistanceFundsFen: number;
  sources: {
    code: string;
    name: { zh: string; en: string };
    countsTowardCap: boolean;
    budgetFen?: number;
    allocatedFen: number;
    remainingFen?: number;
  }[];
  cap: { basisPoints: number; capFen: number; usedFen: number; remainingFen: number };
  reconciliation: { balanced: boolean };
}

/** settlement `GET /ledger`. */
interface LedgerView {
  entries: {
    entryId: string;
    kind: 'allocation' | 'reversal';
    sourceName: string;
    statementId: string;
    lineId: string;
    visitId: string;
    serviceDate: string;
    fen: number;
  }[];
}

const share = (basisPoints: number) => `${basisPoints / 100}%`;

/**
 * 资金来源 (county): the county-year's sources with budget, allocated and remaining, the purchased-services cap as a
 * gauge, and the allocation ledger (source → statement → line → visit) with its CSV / XLSX export.
 */
export default function FundingPage() {
  const { m, locale } = useLocale();
  const f = m.funding;
  const { message } = App.useApp();
  const [year, setYear] = useState<number>(() => new Date().getFullYear());
  const [exporting, setExporting] = useState<string>();
  const funding = useQuery({
    queryKey: ['settlement', 'funding', year],
    queryFn: () => answer<FundingView>(settlement.GET('/funding', { params: { query: { year } } })),
  });
  const ledger = useQuery({
    queryKey: ['settlement', 'ledger', year],
    queryFn: () => answer<LedgerView>(settlement.GET('/ledger', { params: { query: { year } } })),
  });
  const exportAs = async (format: 'csv' | 'xlsx') => {
    setExporting(format);
    try {
      const { data } = await settlement.GET('/ledger', { params: { query: { year, format } }, parseAs: 'blob' });
      saveBlob(data as unknown as Blob, `${f.fileName(funding.data?.county ?? '', year)}.${format}`);
    } catch (err) {
      void message.error(errorMessage(err, m.errors.network));
    } finally {
      setExporting(undefined);
    }
  };
  const view = funding.data;
  const name = (n: { zh: string; en: string }) => (locale === 'zh-CN' ? n.zh : n.en);
  return (
    <>
      <PageHeader title={f.title} hint={f.hint} />
      <Card>
        <Space wrap className="filter-bar">
          <label htmlFor="funding-year">{f.year}</label>
          <InputNumber
            id="funding-year"
            data-testid="funding-year"
            min={2000}
            max={2100}
            value={year}
            onChange={(v) => v && setYear(v)}
          />
        </Space>
        {funding.error && <Alert type="error" showIcon message={errorMessage(funding.error, m.errors.network)} />}
        {view && (
          <Space direction="vertical" style={{ width: '100%' }} data-testid="funding-overview">
            {view.demo && <Alert type="warning" showIcon message={f.demo} />}
            <Typography.Title level={5}>{f.cap}</Typography.Title>
            <Progress
              percent={view.cap.capFen ? Math.round((view.cap.usedFen / view.cap.capFen) * 1000) / 10 : 0}
              status={view.cap.remainingFen <= 0 ? 'exception' : 'normal'}
              aria-label={f.cap}
              data-testid="funding-cap"
            />
            <Typography.Text>
              {f.capLine(
                share(view.cap.basisPoints),
                formatFen(view.cap.capFen),
                formatFen(view.cap.usedFen),
                formatFen(view.cap.remainingFen),
              )}
            </Typography.Text>
            <Alert
              type={view.reconciliation.balanced ? 'success' : 'error'}
              showIcon
              message={view.reconciliation.balanced ? f.balanced : f.unbalanced}
            />
            <Table
              rowKey="code"
              size="small"
              pagination={false}
              dataSource={view.sources}
              data-testid="funding-sources"
              columns={[
                {
                  title: f.source,
                  key: 'name',
                  render: (_, s) => (
                    <Space>
                      {name(s.name)}
                      {s.countsTowardCap && <Tag color="gold">{f.countsTowardCap}</Tag>}
                    </Space>
                  ),
                },
                {
                  title: f.budget,
                  key: 'budget',
                  align: 'right',
                  render: (_, s) => (s.budgetFen === undefined ? f.familyMoney : formatFen(s.budgetFen)),
                },
                { title: f.allocated, key: 'allocated', align: 'right', render: (_, s) => formatFen(s.allocatedFen) },
                {
                  title: f.remaining,
                  key: 'remaining',
                  align: 'right',
                  render: (_, s) => (s.remainingFen === undefined ? '—' : formatFen(s.remainingFen)),
                },
              ]}
            />
          </Space>
        )}
      </Card>
      <Card
        title={f.ledger}
        style={{ marginTop: 16 }}
        extra={
          <Space>
            <Button icon={<DownloadOutlined />} loading={exporting === 'csv'} onClick={() => void exportAs('csv')}>
              {f.exportCsv}
            </Button>
            <Button icon={<DownloadOutlined />} loading={exporting === 'xlsx'} onClick={() => void exportAs('xlsx')}>
              {f.exportXlsx}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{f.ledgerHint}</Typography.Paragraph>
        <Table
          rowKey="entryId"
          size="small"
          data-testid="funding-ledger"
          loading={ledger.isLoading}
          locale={{ emptyText: <Empty description={f.none} /> }}
          dataSource={ledger.data?.entries ?? []}
          columns={[
            { title: f.source, dataIndex: 'sourceName' },
            { title: f.statement, dataIndex: 'statementId' },
            { title: f.visit, dataIndex: 'visitId' },
            { title: f.serviceDate, dataIndex: 'serviceDate' },
            { title: f.entryKindTitle, key: 'kind', render: (_, e) => f.entryKind[e.kind] },
            { title: f.amount, key: 'fen', align: 'right', render: (_, e) => formatFen(e.fen) },
          ]}
        />
      </Card>
    </>
  );
}
