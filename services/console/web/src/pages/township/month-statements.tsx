import { CheckOutlined, DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Empty, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { answer } from '../../api/client';
import { useNames } from '../../api/directory';
import { errorMessage } from '../../api/problem';
import { formatTime } from '../../components/countdown';
import { saveBlob } from '../../components/download';
import { useLocale } from '../../i18n/locale';
import { formatFen } from '../provider/money';
import { settlement } from '../provider/service-clients';
import { approvalRefusalOf, type ApprovalRefusal } from './approval-refusal';

/** settlement `GET /statements/of-month`: one statement per provider × township of the month. */
export interface StatementSummaryView {
  statementId: string;
  township: string;
  providerId: string;
  month: string;
  state: 'draft' | 'confirmed' | 'approved' | 'paid';
  history: { state: string; by: string; byName?: string; at: string }[];
  payableFen: number;
  heldFen: number;
  adjustmentFen: number;
  lineCount: number;
  heldCount: number;
  excludedCount: number;
  visitCount: number;
}

export interface StatementLineView {
  lineId: string;
  kind: 'visit' | 'adjustment';
  visitId: string;
  serviceDate: string;
  itemCode: string;
  itemName: { zh: string; en: string };
  unit: { zh: string; en: string };
  quantity: number;
  unitFeeFen: number;
  amountFen: number;
  status: 'payable' | 'held' | 'excluded';
  reason?: { code: string; zh: string; en: string };
  adjusts?: { month: string; lineId: string };
}

/** settlement `GET /statements/{month}/{township}/{providerId}`: one statement in full. */
export interface StatementSheetView extends Omit<StatementSummaryView, 'lineCount' | 'heldCount' | 'excludedCount'> {
  lines: StatementLineView[];
  excluded: StatementLineView[];
  basis: 'live' | 'frozen';
}

/** What the account may do to statements: the township confirms, the county approves and pays, providers read. */
export type StatementDesk = 'township' | 'county' | 'provider';

const monthKey = (month: string, township?: string) => ['settlement', 'of-month', month, township ?? ''] as const;
const sheetKey = (s: Pick<StatementSummaryView, 'month' | 'township' | 'providerId'>) =>
  ['settlement', 'sheet', s.month, s.township, s.providerId] as const;
const sheetPath = (s: Pick<StatementSummaryView, 'month' | 'township' | 'providerId'>) => ({
  month: s.month,
  township: s.township,
  providerId: s.providerId,
});

const STATE_COLOR: Record<string, string> = { draft: 'default', confirmed: 'blue', approved: 'gold', paid: 'green' };
const STATUS_COLOR: Record<string, string> = { payable: 'green', held: 'orange', excluded: 'red' };

/**
 * The statements of a month within the account's jurisdiction (or one township): one row per provider ×
 * township with its state and totals; each opens in full with its lines, its excluded lines and their reasons,
 * its history, its exports and — by desk — confirm (township), approve and mark paid (county).
 */
export function MonthStatements({ month, township, desk }: { month: string; township?: string; desk: StatementDesk }) {
  const { m } = useLocale();
  const t = m.settlement;
  const names = useNames();
  const { message } = App.useApp();
  const [open, setOpen] = useState<StatementSummaryView>();
  const [exporting, setExporting] = useState<string>();
  const list = useQuery({
    queryKey: monthKey(month, township),
    queryFn: () =>
      answer<{ statements: StatementSummaryView[] }>(
        settlement.GET('/statements/of-month', { params: { query: { month, ...(township ? { township } : {}) } } }),
      ),
  });

  const exportMonth = async (format: 'csv' | 'xlsx') => {
    setExporting(format);
    try {
      const { data } = await settlement.GET('/statements/of-month', {
        params: { query: { month, format, ...(township ? { township } : {}) } },
        parseAs: 'blob',
      });
      saveBlob(
        data as unknown as Blob,
        `${t.fileName(township ? names.place(township) || township : month, month)}.${format}`,
      );
    } catch (err) {
      void message.error(errorMessage(err, m.errors.network));
    } finally {
      setExporting(undefined);
    }
  };

  const rows = list.data?.statements ?? [];
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t.listTitle}
        </Typography.Title>
        <Button
          icon={<DownloadOutlined />}
          disabled={!rows.length}
          loading={exporting === 'csv'}
          onClick={() => void exportMonth('csv')}
          data-testid="month-statements-csv"
        >
          {t.exportMonthCsv}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          disabled={!rows.length}
          loading={exporting === 'xlsx'}
          onClick={() => void exportMonth('xlsx')}
          data-testid="month-statements-xlsx"
        >
          {t.exportMonthXlsx}
        </Button>
      </Space>
      {list.error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={errorMessage(list.error, m.errors.network)}
          style={{ marginBottom: 12 }}
        />
      )}
      <Table<StatementSummaryView>
        rowKey="statementId"
        size="middle"
        data-testid="month-statements-table"
        loading={list.isPending}
        dataSource={rows}
        locale={{ emptyText: <Empty description={t.none} /> }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => m.common.total(n) }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t.provider,
            key: 'provider',
            render: (_, r) => <Typography.Text strong>{names.provider(r.providerId) || r.providerId}</Typography.Text>,
          },
          { title: t.township, key: 'township', render: (_, r) => names.place(r.township) || r.township },
          {
            title: t.state,
            key: 'state',
            render: (_, r) => (
              <Tag color={STATE_COLOR[r.state]} data-testid="month-statement-state">
                {t.states[r.state]}
              </Tag>
            ),
          },
          { title: t.lineCount, key: 'lines', align: 'right', render: (_, r) => r.lineCount },
          { title: t.excludedCount, key: 'excluded', align: 'right', render: (_, r) => r.excludedCount },
          { title: t.held, key: 'held', align: 'right', render: (_, r) => formatFen(r.heldFen) },
          {
            title: t.payable,
            key: 'payable',
            align: 'right',
            render: (_, r) => <Typography.Text strong>{formatFen(r.payableFen)}</Typography.Text>,
          },
          {
            title: m.common.actions,
            key: 'actions',
            render: (_, r) => (
              <Button
                size="small"
                onClick={() => setOpen(r)}
                data-testid="month-statement-open"
                autoInsertSpace={false}
                aria-label={t.openOf(names.provider(r.providerId) || r.providerId)}
              >
                {t.open}
              </Button>
            ),
          },
        ]}
      />
      <Drawer
        open={Boolean(open)}
        onClose={() => setOpen(undefined)}
        size={1100}
        title={
          open
            ? t.detailTitle(
                names.provider(open.providerId) || open.providerId,
                names.place(open.township) || open.township,
                open.month,
              )
            : ''
        }
        destroyOnHidden
      >
        {open && <StatementSheet summary={open} desk={desk} />}
      </Drawer>
    </>
  );
}

/** One statement in full: state and history, lines and excluded lines with reasons, exports, the desk's action. */
function StatementSheet({ summary, desk }: { summary: StatementSummaryView; desk: StatementDesk }) {
  const { m, locale } = useLocale();
  const t = m.settlement;
  const names = useNames();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [exporting, setExporting] = useState<string>();
  // A refused approval (the purchased-services cap, no money, no budget year …) stays on the sheet, by the action.
  const [refusal, setRefusal] = useState<ApprovalRefusal>();
  const path = sheetPath(summary);
  const sheet = useQuery({
    queryKey: sheetKey(summary),
    queryFn: () =>
      answer<StatementSheetView>(settlement.GET('/statements/{month}/{township}/{providerId}', { params: { path } })),
  });
  const act = useMutation({
    mutationFn: (action: 'confirm' | 'approve' | 'paid') => {
      const call =
        action === 'confirm'
          ? settlement.POST('/statements/{month}/{township}/{providerId}/confirm', { params: { path } })
          : action === 'approve'
            ? settlement.POST('/statements/{month}/{township}/{providerId}/approve', { params: { path } })
            : settlement.POST('/statements/{month}/{township}/{providerId}/paid', { params: { path } });
      return answer<StatementSheetView>(call);
    },
    onMutate: () => setRefusal(undefined),
    onSuccess: async (done) => {
      queryClient.setQueryData(sheetKey(summary), done);
      await queryClient.invalidateQueries({ queryKey: ['settlement', 'of-month'] });
      void message.success(t.done);
    },
    onError: (err, action) => {
      const refused = action === 'approve' ? approvalRefusalOf(err) : undefined;
      if (refused) setRefusal(refused);
      else void message.error(errorMessage(err, m.errors.network));
    },
  });

  const exportAs = async (format: 'csv' | 'xlsx') => {
    setExporting(format);
    try {
      const { data } = await settlement.GET('/statements/{month}/{township}/{providerId}', {
        params: { path, query: { format } },
        parseAs: 'blob',
      });
      saveBlob(
        data as unknown as Blob,
        `${t.fileName(names.provider(summary.providerId) || summary.providerId, summary.month)}.${format}`,
      );
    } catch (err) {
      void message.error(errorMessage(err, m.errors.network));
    } finally {
      setExporting(undefined);
    }
  };

  if (sheet.error)
    return <Alert type="error" showIcon role="alert" title={errorMessage(sheet.error, m.errors.network)} />;
  const s = sheet.data;
  if (!s) return <Typography.Text>…</Typography.Text>;
  const lang = locale === 'en' ? 'en' : 'zh';
  const action =
    desk === 'township' && s.state === 'draft'
      ? { key: 'confirm' as const, label: t.confirm, ask: t.confirmAsk }
      : desk === 'county' && s.state === 'confirmed'
        ? { key: 'approve' as const, label: t.approve, ask: t.approveAsk }
        : desk === 'county' && s.state === 'approved'
          ? { key: 'paid' as const, label: t.markPaid, ask: t.markPaidAsk }
          : undefined;
  const columns = [
    {
      title: t.kind,
      key: 'kind',
      render: (_: unknown, l: StatementLineView) => (l.adjusts ? t.adjusts(l.adjusts.month) : t.kinds[l.kind]),
    },
    {
      title: t.visit,
      key: 'visit',
      render: (_: unknown, l: StatementLineView) => <Typography.Text code>{l.visitId}</Typography.Text>,
    },
    { title: t.serviceDate, key: 'date', dataIndex: 'serviceDate' },
    {
      title: t.item,
      key: 'item',
      render: (_: unknown, l: StatementLineView) => names.item(l.itemCode) || l.itemName[lang],
    },
    { title: t.unit, key: 'unit', render: (_: unknown, l: StatementLineView) => l.unit[lang] },
    { title: t.quantity, key: 'quantity', align: 'right' as const, dataIndex: 'quantity' },
    {
      title: t.unitFee,
      key: 'fee',
      align: 'right' as const,
      render: (_: unknown, l: StatementLineView) => formatFen(l.unitFeeFen),
    },
    {
      title: t.amount,
      key: 'amount',
      align: 'right' as const,
      render: (_: unknown, l: StatementLineView) => formatFen(l.amountFen),
    },
    {
      title: t.status,
      key: 'status',
      render: (_: unknown, l: StatementLineView) => <Tag color={STATUS_COLOR[l.status]}>{t.statuses[l.status]}</Tag>,
    },
    { title: t.reason, key: 'reason', render: (_: unknown, l: StatementLineView) => l.reason?.[lang] ?? '' },
  ];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="statement-sheet">
      <Descriptions size="small" bordered column={2}>
        <Descriptions.Item label={t.state}>
          <Tag color={STATE_COLOR[s.state]} data-testid="statement-sheet-state">
            {t.states[s.state]}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t.payable}>
          <Typography.Text strong data-testid="statement-sheet-payable">
            {formatFen(s.payableFen)}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t.held}>{formatFen(s.heldFen)}</Descriptions.Item>
        <Descriptions.Item label={t.adjustments}>{formatFen(s.adjustmentFen)}</Descriptions.Item>
        <Descriptions.Item label={t.history} span={2}>
          <span data-testid="statement-sheet-history">
            {s.history.length
              ? s.history
                  .map((h) => t.historyEntry(t.states[h.state] ?? h.state, h.byName ?? h.by, formatTime(h.at)))
                  .join('；')
              : t.notYet}
          </span>
        </Descriptions.Item>
      </Descriptions>
      <Space wrap>
        {action && (
          <Popconfirm
            title={action.label}
            description={<div style={{ maxWidth: 320 }}>{action.ask}</div>}
            okText={m.common.confirm}
            cancelText={m.common.cancel}
            onConfirm={() => act.mutate(action.key)}
          >
            <Button
              type="primary"
              icon={<CheckOutlined />}
              loading={act.isPending}
              data-testid={`statement-${action.key}`}
            >
              {action.label}
            </Button>
          </Popconfirm>
        )}
        <Button
          icon={<DownloadOutlined />}
          loading={exporting === 'csv'}
          onClick={() => void exportAs('csv')}
          data-testid="statement-export-csv"
        >
          {t.exportCsv}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          loading={exporting === 'xlsx'}
          onClick={() => void exportAs('xlsx')}
          data-testid="statement-export-xlsx"
        >
          {t.exportXlsx}
        </Button>
      </Space>
      {refusal && <ApprovalRefusalAlert refusal={refusal} />}
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t.lines}
      </Typography.Title>
      <Table<StatementLineView>
        rowKey="lineId"
        size="small"
        data-testid="statement-lines"
        dataSource={s.lines}
        columns={columns}
        locale={{ emptyText: <Empty description={t.noLines} /> }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
      />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t.excluded}
      </Typography.Title>
      <Table<StatementLineView>
        rowKey="lineId"
        size="small"
        data-testid="statement-excluded"
        dataSource={s.excluded}
        columns={columns}
        locale={{ emptyText: <Empty description={t.noExcluded} /> }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
      />
    </Space>
  );
}

/**
 * Why the county's approval was refused, kept by the action until the next attempt: over the purchased-services
 * cap with the cap, what the year already used, this statement and the excess (yuan from fen); otherwise the
 * service's message. Each with its machine code.
 */
function ApprovalRefusalAlert({ refusal }: { refusal: ApprovalRefusal }) {
  const { m } = useLocale();
  const r = m.funding.refusal;
  const { cap } = refusal;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="statement-approval-refusal"
      title={cap ? r.capTitle : r.title}
      description={
        <Space direction="vertical" size={4}>
          <span data-testid="statement-approval-refusal-message">
            {cap
              ? r.capFigures(
                  formatFen(cap.capFen),
                  formatFen(cap.usedFen),
                  formatFen(cap.thisStatementFen),
                  formatFen(cap.overByFen),
                )
              : refusal.message}
          </span>
          <span>
            {r.code}: <code data-testid="statement-approval-refusal-code">{refusal.code}</code>
          </span>
        </Space>
      }
    />
  );
}
