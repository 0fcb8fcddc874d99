import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Row, Space, Table, Tabs } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { answer, api } from '../../api/client';
import { useNames } from '../../api/directory';
import { errorMessage } from '../../api/problem';
import type { LedgerEntryView, LedgerView } from '../../api/views';
import { useSession } from '../../auth/session';
import { formatDate, formatTime } from '../../components/countdown';
import { saveBlob } from '../../components/download';
import { PageHeader } from '../../components/page-header';
import { PrintTable } from '../../components/print-table';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';
import { CaseLink, PlaceCell } from './cells';

interface Range {
  from?: string;
  to?: string;
}

/** The needs ledger (需求台账) of the account's jurisdiction: summary, common and individual needs; export, print. */
export default function NeedsLedgerPage() {
  const { m, names: fixed } = useLocale();
  const names = useNames();
  const session = useSession();
  const { message } = App.useApp();
  const [range, setRange] = useState<Range>({});
  const [exporting, setExporting] = useState<string>();
  const ledger = useQuery({
    queryKey: ['township', 'needs-ledger', range],
    queryFn: () => answer<LedgerView>(api.assessment.GET('/needs-ledger', { params: { query: { ...range } } })),
  });

  const exportAs = async (format: 'csv' | 'xlsx') => {
    setExporting(format);
    try {
      const { data } = await api.assessment.GET('/needs-ledger', {
        params: { query: { ...range, format } },
        parseAs: 'blob',
      });
      saveBlob(
        data as unknown as Blob,
        `需求台账-${session.data?.account.jurisdiction}-${dayjs().format('YYYYMMDD')}.${format}`,
      );
    } catch (err) {
      void message.error(errorMessage(err, m.errors.network));
    } finally {
      setExporting(undefined);
    }
  };

  const entryColumns = [
    {
      title: m.common.caseNumber,
      key: 'case',
      render: (_: unknown, e: LedgerEntryView) => <CaseLink caseId={e.caseId} caseNumber={e.caseNumber} />,
    },
    {
      title: `${m.common.township} / ${m.common.village}`,
      key: 'place',
      render: (_: unknown, e: LedgerEntryView) => <PlaceCell township={e.township} village={e.village} />,
    },
    {
      title: m.ledger.category,
      key: 'category',
      render: (_: unknown, e: LedgerEntryView) => nameOf(fixed.itemCategory, e.category),
    },
    {
      title: m.common.item,
      key: 'item',
      render: (_: unknown, e: LedgerEntryView) => (e.itemCode ? names.item(e.itemCode) : ''),
    },
    { title: m.ledger.description, key: 'description', dataIndex: 'description' },
    { title: m.ledger.recordedAt, key: 'at', render: (_: unknown, e: LedgerEntryView) => formatTime(e.recordedAt) },
  ];
  const data = ledger.data;

  return (
    <>
      <PageHeader
        title={m.ledger.title}
        hint={m.ledger.hint}
        extra={
          <>
            <Button
              icon={<DownloadOutlined />}
              loading={exporting === 'csv'}
              onClick={() => void exportAs('csv')}
              data-testid="ledger-export-csv"
            >
              {m.common.exportCsv}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              loading={exporting === 'xlsx'}
              onClick={() => void exportAs('xlsx')}
              data-testid="ledger-export-xlsx"
            >
              {m.common.exportXlsx}
            </Button>
            <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="ledger-print">
              {m.common.print}
            </Button>
          </>
        }
      />
      <Card>
        <Space wrap className="filter-bar no-print">
          <DatePicker.RangePicker
            aria-label={m.common.dateRange}
            placeholder={[m.common.from, m.common.to]}
            onChange={(r) =>
              setRange({
                ...(r?.[0] ? { from: r[0].format('YYYY-MM-DD') } : {}),
                ...(r?.[1] ? { to: r[1].format('YYYY-MM-DD') } : {}),
              })
            }
          />
        </Space>
        {ledger.error && (
          <Alert type="error" showIcon title={errorMessage(ledger.error, m.errors.network)} role="alert" />
        )}
        <div className="print-only print-heading">{m.ledger.title}</div>
        <div className="print-only print-meta">
          <span>{session.data?.account.jurisdictionName}</span>
          <span>
            {range.from || range.to ? `${range.from ?? ''} ~ ${range.to ?? ''}` : formatDate(new Date().toISOString())}
          </span>
        </div>
        {data && (
          <>
            <PrintTable
              caption={m.ledger.summary}
              rows={data.summary}
              rowKey={(s) => `${s.kind}|${s.category}`}
              columns={[
                { title: m.ledger.kind, value: (s) => nameOf(fixed.needKind, s.kind) },
                { title: m.ledger.category, value: (s) => nameOf(fixed.itemCategory, s.category) },
                { title: m.ledger.count, value: (s) => s.count },
              ]}
            />
            {(['common', 'individual'] as const).map((kind) => (
              <PrintTable<LedgerEntryView>
                key={kind}
                caption={kind === 'common' ? m.ledger.common : m.ledger.individual}
                rows={data[kind]}
                rowKey={(e) => e.entryId}
                columns={[
                  { title: m.common.caseNumber, value: (e) => e.caseNumber },
                  {
                    title: m.common.township,
                    value: (e) => names.address({ township: e.township, village: e.village }),
                  },
                  { title: m.ledger.category, value: (e) => nameOf(fixed.itemCategory, e.category) },
                  { title: m.common.item, value: (e) => (e.itemCode ? names.item(e.itemCode) : '') },
                  { title: m.ledger.description, value: (e) => e.description },
                  { title: m.ledger.recordedAt, value: (e) => formatDate(e.recordedAt) },
                ]}
              />
            ))}
          </>
        )}
        <Row gutter={16} className="screen-only">
          <Col xs={24} xl={8}>
            <Table
              size="small"
              loading={ledger.isPending}
              pagination={false}
              title={() => m.ledger.summary}
              rowKey={(s) => `${s.kind}|${s.category}`}
              data-testid="ledger-summary-table"
              dataSource={data?.summary}
              columns={[
                { title: m.ledger.kind, key: 'kind', render: (_, s) => nameOf(fixed.needKind, s.kind) },
                { title: m.ledger.category, key: 'category', render: (_, s) => nameOf(fixed.itemCategory, s.category) },
                { title: m.ledger.count, key: 'count', dataIndex: 'count', align: 'right' },
              ]}
            />
          </Col>
          <Col xs={24} xl={16}>
            <Tabs
              items={(['common', 'individual'] as const).map((kind) => ({
                key: kind,
                label: `${kind === 'common' ? m.ledger.common : m.ledger.individual}（${data?.[kind].length ?? 0}）`,
                children: (
                  <Table<LedgerEntryView>
                    size="small"
                    rowKey="entryId"
                    loading={ledger.isPending}
                    data-testid={`ledger-${kind}-table`}
                    dataSource={data?.[kind]}
                    columns={entryColumns}
                    scroll={{ x: 'max-content' }}
                    pagination={{ pageSize: 20, showTotal: (n) => m.common.total(n) }}
                  />
                ),
              }))}
            />
          </Col>
        </Row>
      </Card>
    </>
  );
}
