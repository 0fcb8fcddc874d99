import { useQueries } from '@tanstack/react-query';
import { Alert, Button, Card, Drawer, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useNames } from '../../api/directory';
import { errorMessage } from '../../api/problem';
import { PageHeader } from '../../components/page-header';
import { PlaceSelect } from '../../components/place-select';
import { useLocale } from '../../i18n/locale';
import { formatFen } from '../provider/money';
import { fetchStatement, statementKey, StatementDetail } from '../provider/statement-detail';
import type { StatementView } from '../provider/views';
import { useContracts } from './queries';
import { MonthFilter } from '../provider/list-parts';

interface ProviderStatementRow {
  providerId: string;
  name: string;
  statement?: StatementView;
  error?: unknown;
  loading: boolean;
}

/**
 * 结算审核 (county): every contracted provider's statement of a month within the county (or one township), with
 * the month's total; each opens in full (lines, visits, export, print). settlement answers one provider's month
 * at a time, so each provider's is read (NEEDED-APIS.md C3 asks for the month’s list and the approval).
 */
export default function CountyStatements() {
  const { m } = useLocale();
  const t = m.provider.statements;
  const c = m.county.statements;
  const names = useNames();
  const contracts = useContracts();
  const [month, setMonth] = useState<Dayjs>(() => dayjs());
  const [township, setTownship] = useState<string>();
  const [open, setOpen] = useState<string>();
  const monthKey = month.format('YYYY-MM');
  const providers = useMemo(() => {
    const byId = new Map<string, string>();
    for (const p of names.directory?.providers.values() ?? []) byId.set(p.code, p.name);
    for (const k of contracts.data?.items ?? []) if (!byId.has(k.providerId)) byId.set(k.providerId, k.providerName);
    return [...byId].sort((a, b) => a[1].localeCompare(b[1], 'zh-CN'));
  }, [names.directory, contracts.data]);
  const statements = useQueries({
    queries: providers.map(([providerId]) => ({
      queryKey: statementKey(providerId, monthKey, township),
      queryFn: () => fetchStatement(providerId, monthKey, township),
    })),
  });
  const rows: ProviderStatementRow[] = providers.map(([providerId, name], i) => ({
    providerId,
    name,
    statement: statements[i]?.data,
    error: statements[i]?.error,
    loading: statements[i]?.isPending ?? true,
  }));
  const grand = rows.reduce(
    (sum, r) => ({ fen: sum.fen + (r.statement?.totalFen ?? 0), visits: sum.visits + (r.statement?.visitCount ?? 0) }),
    { fen: 0, visits: 0 },
  );

  return (
    <>
      <PageHeader title={c.title} hint={t.countyHint} />
      <Card>
        <Space wrap className="filter-bar" data-testid="statement-filters">
          <MonthFilter
            id="statement-month"
            label={t.month}
            value={month}
            onChange={setMonth}
            testId="statement-month"
          />
          <PlaceSelect level="township" value={township} onChange={setTownship} testId="statement-township" />
        </Space>
        {contracts.error && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={errorMessage(contracts.error, m.errors.network)}
            style={{ marginBottom: 12 }}
          />
        )}
        <Table<ProviderStatementRow>
          rowKey="providerId"
          size="middle"
          data-testid="county-statements-table"
          loading={contracts.isPending}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => m.common.total(n) }}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              title: t.provider,
              key: 'provider',
              render: (_, r) => <Typography.Text strong>{r.name}</Typography.Text>,
            },
            {
              title: t.visits,
              key: 'visits',
              align: 'right',
              render: (_, r) => (r.loading ? '…' : (r.statement?.visitCount ?? '')),
            },
            {
              title: c.lines,
              key: 'lines',
              render: (_, r) =>
                r.statement?.lines.map((l) => `${names.item(l.itemCode) || l.itemName} × ${l.units}`).join('；') ?? '',
            },
            {
              title: t.amount,
              key: 'amount',
              align: 'right',
              render: (_, r) =>
                r.error ? (
                  <Typography.Text type="danger">{errorMessage(r.error, m.errors.network)}</Typography.Text>
                ) : r.statement ? (
                  formatFen(r.statement.totalFen)
                ) : (
                  '…'
                ),
            },
            {
              title: m.common.actions,
              key: 'actions',
              render: (_, r) => (
                <Button
                  size="small"
                  disabled={!r.statement}
                  onClick={() => setOpen(r.providerId)}
                  data-testid="county-statement-open"
                  autoInsertSpace={false}
                  aria-label={`${m.common.view} ${r.name}`}
                >
                  {m.common.view}
                </Button>
              ),
            },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <Typography.Text strong>{t.total}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {grand.visits}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} />
              <Table.Summary.Cell index={3} align="right">
                <Typography.Text strong data-testid="county-statements-total">
                  {formatFen(grand.fen)}
                </Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} />
            </Table.Summary.Row>
          )}
        />
      </Card>
      <Drawer
        open={Boolean(open)}
        onClose={() => setOpen(undefined)}
        size={960}
        title={open ? c.detailTitle(names.provider(open), monthKey) : ''}
        destroyOnHidden
      >
        {open && <StatementDetail providerId={open} month={monthKey} township={township} testId="county-statement" />}
      </Drawer>
    </>
  );
}
