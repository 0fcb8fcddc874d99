import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, InputNumber, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { answer } from '../../api/client';
import { useNames } from '../../api/directory';
import { errorMessage } from '../../api/problem';
import { saveBlob } from '../../components/download';
import { PageHeader } from '../../components/page-header';
import { PlaceSelect } from '../../components/place-select';
import { useSession } from '../../auth/session';
import { useLocale } from '../../i18n/locale';
import { formatFen } from '../provider/money';
import { settlement } from '../provider/service-clients';
import { useNeighbours } from './neighbour-queries';

interface SubsidyRow {
  neighbourId: string;
  township: string;
  year: number;
  visits: number;
  earnedFen: number;
  subsidyFen: number;
  capped: boolean;
  paidFrom: string;
}
interface SubsidiesView {
  within: string;
  year: number;
  rule: { basis: string; perVisitFen?: number; yearlyCeilingFen?: number; paidFrom: string };
  subsidies: SubsidyRow[];
  totalFen: number;
  visits: number;
}

/**
 * 邻里互助补贴 (township and county): each trained neighbour's yearly subsidy from the visits the villages counted,
 * by the region's rule (settlement computes it), with CSV and XLSX for finance. The county sees its townships (or
 * one of them), the township its own. Settlement knows neighbours by id only (its events carry no identity data):
 * the names come from provider-scheduling's register of the caller's jurisdiction (an audited read; no ID numbers).
 */
export default function NeighbourSubsidiesPage() {
  const { m } = useLocale();
  const t = m.supervision.neighbourSubsidies;
  const names = useNames();
  const session = useSession();
  const { message } = App.useApp();
  const isCounty = session.data?.account.role === 'county_officer';
  const [year, setYear] = useState(() => dayjs().year());
  const [township, setTownship] = useState<string>();
  const query = { year, ...(township ? { township } : {}) };
  const list = useQuery({
    queryKey: ['settlement', 'neighbour-subsidies', year, township ?? ''],
    queryFn: () => answer<SubsidiesView>(settlement.GET('/neighbour-subsidies', { params: { query } })),
  });
  const download = async (format: 'csv' | 'xlsx') => {
    try {
      const { data } = await settlement.GET('/neighbour-subsidies', {
        params: { query: { ...query, format } },
        parseAs: 'blob',
      });
      saveBlob(data as unknown as Blob, `${t.fileName(list.data?.within ?? '', year)}.${format}`);
    } catch (err) {
      void message.error(errorMessage(err, m.errors.network));
    }
  };
  const neighbours = useNeighbours();
  const nameOf = useMemo(() => new Map((neighbours.data ?? []).map((n) => [n.neighbourId, n.name])), [neighbours.data]);
  const d = list.data;
  return (
    <>
      <PageHeader
        title={t.title}
        hint={t.hint}
        extra={
          <>
            <Button
              icon={<DownloadOutlined />}
              onClick={() => void download('csv')}
              data-testid="neighbour-subsidies-csv"
            >
              {m.common.exportCsv}
            </Button>
            <Button
              icon={<FileExcelOutlined />}
              onClick={() => void download('xlsx')}
              data-testid="neighbour-subsidies-xlsx"
            >
              XLSX
            </Button>
          </>
        }
      />
      <Card>
        <Space wrap className="filter-bar" data-testid="neighbour-subsidies-filters">
          <label htmlFor="neighbour-subsidies-year">{t.year}</label>
          <InputNumber
            id="neighbour-subsidies-year"
            min={2000}
            max={2100}
            precision={0}
            value={year}
            onChange={(v) => setYear(Number(v ?? dayjs().year()))}
            data-testid="neighbour-subsidies-year"
          />
          {isCounty ? (
            <PlaceSelect
              level="township"
              value={township}
              onChange={setTownship}
              testId="neighbour-subsidies-township"
            />
          ) : null}
        </Space>
        {list.error ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={errorMessage(list.error, m.errors.network)}
            style={{ margin: '12px 0' }}
          />
        ) : null}
        {d ? (
          <Alert
            type="info"
            showIcon
            style={{ margin: '12px 0' }}
            data-testid="neighbour-subsidies-total"
            title={t.total(d.subsidies.length, d.visits, formatFen(d.totalFen))}
            description={
              d.rule.perVisitFen !== undefined
                ? t.rule(
                    formatFen(d.rule.perVisitFen),
                    d.rule.yearlyCeilingFen !== undefined ? formatFen(d.rule.yearlyCeilingFen) : '—',
                  )
                : undefined
            }
          />
        ) : null}
        <Table<SubsidyRow>
          rowKey={(r) => `${r.township}|${r.neighbourId}`}
          size="middle"
          loading={list.isPending}
          data-testid="neighbour-subsidies-table"
          dataSource={d?.subsidies ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t.empty} /> }}
          columns={[
            {
              title: t.neighbour,
              key: 'neighbour',
              render: (_, r) => nameOf.get(r.neighbourId) ?? r.neighbourId,
            },
            { title: t.township, key: 'township', render: (_, r) => names.place(r.township) || r.township },
            { title: t.visits, dataIndex: 'visits' },
            { title: t.earned, key: 'earned', render: (_, r) => formatFen(r.earnedFen) },
            { title: t.subsidy, key: 'subsidy', render: (_, r) => formatFen(r.subsidyFen) },
            {
              title: t.capped,
              key: 'capped',
              render: (_, r) => (r.capped ? <Tag color="orange">{t.capped}</Tag> : null),
            },
            { title: t.paidFrom, dataIndex: 'paidFrom' },
          ]}
        />
      </Card>
    </>
  );
}
