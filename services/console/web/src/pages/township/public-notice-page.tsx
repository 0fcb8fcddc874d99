import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Form, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { answer, api } from '../../api/client';
import { useNames } from '../../api/directory';
import { errorMessage } from '../../api/problem';
import type { PublicNoticeView } from '../../api/views';
import { useSession } from '../../auth/session';
import { saveBlob } from '../../components/download';
import { PageHeader } from '../../components/page-header';
import { PlaceSelect } from '../../components/place-select';
import { PrintTable } from '../../components/print-table';
import { useLocale } from '../../i18n/locale';

type Entry = PublicNoticeView['entries'][number];

/**
 * The long-term public notice (长期公示) of a township or village, to print and post: names and ID numbers come
 * masked from the service (given name's last character, ID's first 3 and last 2).
 */
export default function PublicNoticePage() {
  const { m } = useLocale();
  const names = useNames();
  const session = useSession();
  const { message } = App.useApp();
  const jurisdiction = session.data?.account.jurisdiction ?? '';
  // A township (9 digits) or village (12) account posts for its own area by default.
  const [township, setTownship] = useState<string | undefined>(
    jurisdiction.length >= 9 ? jurisdiction.slice(0, 9) : undefined,
  );
  const [village, setVillage] = useState<string | undefined>(jurisdiction.length === 12 ? jurisdiction : undefined);
  const area = village ?? township;
  const notice = useQuery({
    queryKey: ['township', 'public-notice', area],
    queryFn: () =>
      answer<PublicNoticeView>(api.assessment.GET('/public-notice', { params: { query: { area: area! } } })),
    enabled: Boolean(area),
  });
  const [exporting, setExporting] = useState(false);
  const exportXlsx = async () => {
    setExporting(true);
    try {
      const { data } = await api.assessment.GET('/public-notice', {
        params: { query: { area: area!, format: 'xlsx' } },
        parseAs: 'blob',
      });
      saveBlob(data as unknown as Blob, `公示名单-${names.place(area)}-${dayjs().format('YYYYMMDD')}.xlsx`);
    } catch (err) {
      void message.error(errorMessage(err, m.errors.network));
    } finally {
      setExporting(false);
    }
  };

  const columns: { title: string; value: (e: Entry) => string }[] = [
    { title: m.common.village, value: (e) => e.villageName },
    { title: m.common.name, value: (e) => e.name },
    { title: m.common.idNumber, value: (e) => e.idNumber },
    { title: m.notice.groups, value: (e) => e.groups.join('、') },
    { title: m.notice.items, value: (e) => e.items.join('、') },
    { title: m.notice.approvedOn, value: (e) => e.approvedOn },
    { title: m.common.caseNumber, value: (e) => e.caseNumber },
  ];
  const entries = notice.data?.entries ?? [];

  return (
    <>
      <PageHeader
        title={m.notice.title}
        hint={m.notice.hint}
        extra={
          <>
            <Button
              icon={<DownloadOutlined />}
              disabled={!area}
              loading={exporting}
              onClick={() => void exportXlsx()}
              data-testid="notice-export-xlsx"
            >
              {m.common.exportXlsx}
            </Button>
            <Button
              type="primary"
              icon={<PrinterOutlined />}
              disabled={!notice.data}
              onClick={() => window.print()}
              data-testid="notice-print"
            >
              {m.common.print}
            </Button>
          </>
        }
      />
      <Card>
        <Form layout="inline" className="filter-bar no-print" data-testid="notice-form">
          <Form.Item label={m.common.township} htmlFor="notice-township">
            <PlaceSelect
              id="notice-township"
              level="township"
              value={township}
              allowClear={jurisdiction.length < 9}
              onChange={(t) => {
                setTownship(t);
                setVillage(undefined);
              }}
              testId="notice-township"
            />
          </Form.Item>
          <Form.Item label={m.common.village} htmlFor="notice-village">
            <PlaceSelect
              id="notice-village"
              level="village"
              within={township ?? jurisdiction}
              value={village}
              allowClear={jurisdiction.length < 12}
              onChange={setVillage}
              testId="notice-village"
            />
          </Form.Item>
        </Form>
        {!area && <Alert type="info" showIcon title={m.notice.areaRequired} />}
        {notice.error && (
          <Alert type="error" showIcon title={errorMessage(notice.error, m.errors.network)} role="alert" />
        )}
        {notice.data && (
          <>
            <div className="print-only print-heading">
              {names.place(notice.data.area)}
              {m.notice.printTitle}
            </div>
            <div className="print-only print-meta">
              <span>
                {m.notice.area}：{names.place(notice.data.area)}
              </span>
              <span>{m.notice.printedOn(dayjs().format('YYYY-MM-DD'))}</span>
            </div>
            <PrintTable<Entry> rows={entries} rowKey={(e) => e.caseNumber} columns={columns} />
            {notice.data.hotline && (
              <p className="print-only" style={{ marginTop: '8pt' }}>
                {m.notice.objection(notice.data.hotline)}
              </p>
            )}
          </>
        )}
        {area && (
          <div className="screen-only">
            <Table<Entry>
              rowKey="caseNumber"
              size="middle"
              loading={notice.isFetching}
              data-testid="public-notice-table"
              dataSource={entries}
              locale={{ emptyText: <Empty description={m.notice.empty} /> }}
              pagination={{ pageSize: 50, showTotal: (n) => m.common.total(n) }}
              columns={columns.map((c) => ({
                title: c.title,
                key: c.title,
                render: (_: unknown, e: Entry) => c.value(e),
              }))}
            />
            {notice.data?.hotline && (
              <Typography.Paragraph type="secondary">{m.notice.objection(notice.data.hotline)}</Typography.Paragraph>
            )}
          </div>
        )}
      </Card>
    </>
  );
}
