import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Empty, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { answer } from '../../api/client';
import { useNames } from '../../api/directory';
import { pageOf } from '../../api/paging';
import { errorMessage } from '../../api/problem';
import { formatTime } from '../../components/countdown';
import { saveBlob } from '../../components/download';
import { PrintTable } from '../../components/print-table';
import { useLocale } from '../../i18n/locale';
import { csvText } from './csv';
import { usePaging } from './list-parts';
import { fenAsYuan, formatFen } from './money';
import { settlement } from './service-clients';
import type { AccrualView, StatementView } from './views';

export const statementKey = (providerId: string, month: string, township?: string) =>
  ['settlement', 'statement', providerId, month, township ?? ''] as const;

export async function fetchStatement(providerId: string, month: string, township?: string): Promise<StatementView> {
  return answer<StatementView>(
    settlement.GET('/statements', { params: { query: { providerId, month, ...(township ? { township } : {}) } } }),
  );
}

export function useStatement(providerId: string | undefined, month: string, township?: string) {
  return useQuery({
    queryKey: statementKey(providerId ?? '', month, township),
    queryFn: () => fetchStatement(providerId!, month, township),
    enabled: Boolean(providerId),
  });
}

/**
 * A provider's monthly statement (月度结算单): lines by item and fee standard with the total, and the delivered
 * visits it is made of (filterable, paged), exportable as CSV and printable. Money stays in fen until shown.
 */
export function StatementDetail({
  providerId,
  month,
  township,
  providerName: givenName,
  testId = 'statement',
}: {
  providerId: string;
  month: string;
  township?: string;
  /** The provider's name when the directory does not know it (provider staff's own, NEEDED-APIS.md P5). */
  providerName?: string;
  testId?: string;
}) {
  const { m, locale } = useLocale();
  const t = m.provider.statements;
  const names = useNames();
  const statement = useStatement(providerId, month, township);
  const [filter, setFilter] = useState<{ township?: string; item?: string; worker?: string }>({});
  const { paging, reset, table } = usePaging();
  const s = statement.data;
  const accruals = useMemo(() => s?.accruals ?? [], [s]);
  const kept = pageOf(
    { items: accruals },
    paging,
    (a) =>
      (!filter.township || a.township === filter.township) &&
      (!filter.item || a.itemCode === filter.item) &&
      (!filter.worker || a.workerId === filter.worker),
  );
  const distinct = (f: (a: AccrualView) => string) => [...new Set(accruals.map(f))].sort();
  const known = names.provider(providerId);
  const providerName = known === providerId && givenName ? givenName : known;
  const update = (f: Partial<typeof filter>) => {
    setFilter((old) => ({ ...old, ...f }));
    reset();
  };

  const exportLines = () => {
    if (!s) return;
    const csv = csvText(
      [m.common.item, t.unitFee, t.units, t.visits, t.amount],
      [
        ...s.lines.map((l) => [
          names.item(l.itemCode) || l.itemName,
          fenAsYuan(l.unitFeeFen),
          l.units,
          l.visits,
          fenAsYuan(l.amountFen),
        ]),
        [t.total, '', '', s.visitCount, fenAsYuan(s.totalFen)],
      ],
    );
    saveBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), `${t.exportName(providerName, month)}.csv`);
  };
  const exportAccruals = () => {
    if (!s) return;
    const csv = csvText(
      [t.deliveredAt, t.case, m.common.township, m.common.item, t.worker, t.units, t.unitFee, t.amount, t.packVersion],
      s.accruals.map((a) => [
        formatTime(a.deliveredAt),
        a.caseId,
        names.place(a.township),
        names.item(a.itemCode) || a.itemName.zh,
        a.workerId,
        a.units,
        fenAsYuan(a.unitFeeFen),
        fenAsYuan(a.amountFen),
        a.packVersion,
      ]),
    );
    saveBlob(
      new Blob([csv], { type: 'text/csv;charset=utf-8' }),
      `${t.exportName(providerName, month)}-${t.accruals}.csv`,
    );
  };

  if (statement.error)
    return <Alert type="error" showIcon role="alert" title={errorMessage(statement.error, m.errors.network)} />;
  const lineColumns = [
    { title: m.common.item, value: (l: StatementView['lines'][number]) => names.item(l.itemCode) || l.itemName },
    { title: t.unitFee, value: (l: StatementView['lines'][number]) => formatFen(l.unitFeeFen) },
    { title: t.units, value: (l: StatementView['lines'][number]) => l.units },
    { title: t.visits, value: (l: StatementView['lines'][number]) => l.visits },
    { title: t.amount, value: (l: StatementView['lines'][number]) => formatFen(l.amountFen) },
  ];

  return (
    <div data-testid={testId}>
      <Space wrap className="no-print" style={{ marginBottom: 12 }}>
        <Button icon={<DownloadOutlined />} disabled={!s} onClick={exportLines} data-testid={`${testId}-export-lines`}>
          {t.exportLines}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          disabled={!s}
          onClick={exportAccruals}
          data-testid={`${testId}-export-accruals`}
        >
          {t.exportAccruals}
        </Button>
        <Button icon={<PrinterOutlined />} disabled={!s} onClick={() => window.print()} data-testid={`${testId}-print`}>
          {m.common.print}
        </Button>
      </Space>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2, xl: 4 }}
        items={[
          { key: 'provider', label: t.provider, children: providerName },
          { key: 'month', label: t.month, children: month },
          {
            key: 'township',
            label: t.township,
            children: s?.township ? names.place(s.township) : township ? names.place(township) : m.common.all,
          },
          {
            key: 'total',
            label: t.total,
            children: s ? (
              <Typography.Text strong data-testid={`${testId}-total`}>
                {t.totalOf(formatFen(s.totalFen), s.visitCount)}
              </Typography.Text>
            ) : (
              ''
            ),
          },
        ]}
      />
      <div className="print-only print-heading">{`${providerName} · ${month}`}</div>
      {s && (
        <PrintTable
          caption={t.lines}
          rows={s.lines}
          rowKey={(l) => `${l.itemCode}|${l.unitFeeFen}`}
          columns={lineColumns}
        />
      )}
      <div className="screen-only">
        <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
          {t.lines}
        </Typography.Title>
        <Table
          size="small"
          rowKey={(l) => `${l.itemCode}|${l.unitFeeFen}`}
          data-testid={`${testId}-lines-table`}
          loading={statement.isPending}
          dataSource={s?.lines}
          pagination={false}
          locale={{ emptyText: <Empty description={t.empty} /> }}
          columns={lineColumns.map((c) => ({
            title: c.title,
            key: c.title,
            render: (_: unknown, l: StatementView['lines'][number]) => c.value(l),
          }))}
          summary={() =>
            s && s.lines.length > 0 ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={3}>
                  <Typography.Text strong>{t.total}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3}>{s.visitCount}</Table.Summary.Cell>
                <Table.Summary.Cell index={4}>
                  <Typography.Text strong>{formatFen(s.totalFen)}</Typography.Text>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            ) : null
          }
        />
        <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
          {t.accruals}
        </Typography.Title>
        <Space wrap className="filter-bar">
          <Select
            aria-label={m.common.township}
            placeholder={m.common.township}
            allowClear
            value={filter.township}
            onChange={(v: string | undefined) => update({ township: v })}
            options={distinct((a) => a.township).map((c) => ({ value: c, label: names.place(c) }))}
            style={{ minWidth: 160 }}
          />
          <Select
            aria-label={m.common.item}
            placeholder={m.common.item}
            allowClear
            value={filter.item}
            onChange={(v: string | undefined) => update({ item: v })}
            options={distinct((a) => a.itemCode).map((c) => ({ value: c, label: names.item(c) }))}
            style={{ minWidth: 180 }}
          />
          <Select
            aria-label={t.worker}
            placeholder={t.worker}
            allowClear
            value={filter.worker}
            onChange={(v: string | undefined) => update({ worker: v })}
            options={distinct((a) => a.workerId).map((c) => ({ value: c, label: c }))}
            style={{ minWidth: 140 }}
          />
        </Space>
        <Table<AccrualView>
          size="small"
          rowKey="accrualId"
          data-testid={`${testId}-accruals-table`}
          loading={statement.isPending}
          dataSource={kept.rows}
          pagination={table(kept.total)}
          columns={[
            { title: t.deliveredAt, key: 'at', render: (_, a) => formatTime(a.deliveredAt) },
            { title: m.common.township, key: 'township', render: (_, a) => names.place(a.township) },
            { title: m.common.item, key: 'item', render: (_, a) => names.item(a.itemCode) || a.itemName.zh },
            { title: t.worker, key: 'worker', dataIndex: 'workerId' },
            { title: t.units, key: 'units', render: (_, a) => `${a.units} ${locale === 'en' ? a.unit.en : a.unit.zh}` },
            { title: t.unitFee, key: 'fee', render: (_, a) => formatFen(a.unitFeeFen) },
            { title: t.amount, key: 'amount', render: (_, a) => formatFen(a.amountFen) },
          ]}
        />
      </div>
    </div>
  );
}
