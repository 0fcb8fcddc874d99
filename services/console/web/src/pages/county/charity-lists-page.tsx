import { DownloadOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { answer, api } from '../../api/client';
import { useNames } from '../../api/directory';
import { errorMessage } from '../../api/problem';
import { useSession } from '../../auth/session';
import { formatTime } from '../../components/countdown';
import { saveBlob } from '../../components/download';
import { PageHeader } from '../../components/page-header';
import { useLocale } from '../../i18n/locale';
import type { CharityHandoverView, CharityListView } from './views';

type Row = CharityListView['items'][number];
const KEY = ['county', 'charity-list'] as const;

/**
 * 慈善名单 (慈善救济, plan 000 三(六)7): the county picks a charity and a month, sees who the charity-relief mode
 * put on that charity's list (minimised by referral: no ID number, the phone only where the person agreed),
 * downloads it as CSV or Excel (each read and download audited by referral) and hands it over; the referrals on it
 * then reach the charity's inbox. Handing over twice hands nobody over twice.
 */
export default function CharityListsPage() {
  const { m } = useLocale();
  const t = m.county.charityLists;
  const names = useNames();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const jurisdiction = useSession().data?.account.jurisdiction ?? '';
  // The charities serving the county, the nearest first (the county's own, then the region's), as routing picks them.
  const charities = [...(names.directory?.receivers.values() ?? [])]
    .filter(
      (r) => r.kind === 'charity' && (!r.area || r.area.startsWith(jurisdiction) || jurisdiction.startsWith(r.area)),
    )
    .sort((x, y) => (y.area?.length ?? 0) - (x.area?.length ?? 0));
  const [picked, setPicked] = useState<string>();
  const charityCode = picked ?? charities[0]?.code;
  const [month, setMonth] = useState<Dayjs>(() => dayjs());
  const monthKey = month.format('YYYY-MM');
  const path = { charityCode: charityCode ?? '', month: monthKey };
  const list = useQuery({
    queryKey: [...KEY, charityCode, monthKey],
    queryFn: () =>
      answer<CharityListView>(api.referral.GET('/charity-lists/{charityCode}/{month}', { params: { path } })),
    enabled: Boolean(charityCode),
  });
  const charityName = charityCode ? names.receiver(charityCode) : '';
  const [downloading, setDownloading] = useState<'csv' | 'xlsx'>();
  const download = async (format: 'csv' | 'xlsx') => {
    setDownloading(format);
    try {
      const { data } = await api.referral.GET('/charity-lists/{charityCode}/{month}', {
        params: { path, query: { format } },
        parseAs: 'blob',
      });
      saveBlob(data as unknown as Blob, `${t.fileName(charityName, monthKey)}.${format}`);
    } catch (err) {
      void message.error(errorMessage(err, m.errors.network));
    } finally {
      setDownloading(undefined);
    }
  };
  const handOver = useMutation({
    mutationFn: () =>
      answer<CharityHandoverView>(
        api.referral.POST('/charity-lists/{charityCode}/{month}/handover', { params: { path } }),
      ),
    onSuccess: async (done) => {
      void message.success(t.handedOverDone(done.handedOver.length));
      await queryClient.invalidateQueries({ queryKey: ['county'] });
    },
    onError: (err) => void message.error(errorMessage(err, m.errors.network)),
  });
  const rows = list.data?.items ?? [];
  const waiting = rows.filter((r) => !r.handedOverAt).length;

  const columns: ColumnsType<Row> = [
    { title: t.caseNumber, key: 'caseNumber', render: (_, r) => r.caseNumber },
    { title: t.name, key: 'name', render: (_, r) => r.person.name },
    {
      title: t.place,
      key: 'place',
      render: (_, r) => [r.townshipName, r.villageName].filter(Boolean).join(' · '),
    },
    { title: t.item, key: 'item', render: (_, r) => r.itemName },
    { title: t.category, key: 'category', render: (_, r) => (r.category ? <Tag>{r.category}</Tag> : '') },
    {
      title: t.phone,
      key: 'phone',
      render: (_, r) => r.phone ?? <Typography.Text type="secondary">{t.phoneNotShared}</Typography.Text>,
    },
    {
      title: t.handedOver,
      key: 'handedOver',
      render: (_, r) =>
        r.handedOverAt ? (
          <Tag color="green" data-testid="charity-list-handed-over">
            {t.handedOverBy(r.handedOverBy ?? '', formatTime(r.handedOverAt))}
          </Tag>
        ) : (
          <Tag color="purple">{t.notHandedOver}</Tag>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t.title}
        hint={t.hint}
        extra={
          <>
            <Button
              icon={<DownloadOutlined />}
              disabled={!rows.length}
              loading={downloading === 'csv'}
              onClick={() => void download('csv')}
              data-testid="charity-list-csv"
            >
              {m.common.exportCsv}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              disabled={!rows.length}
              loading={downloading === 'xlsx'}
              onClick={() => void download('xlsx')}
              data-testid="charity-list-xlsx"
            >
              {m.common.exportXlsx}
            </Button>
            <Popconfirm
              title={t.handOverTitle(charityName, monthKey)}
              description={<div style={{ maxWidth: 320 }}>{t.handOverHint(waiting)}</div>}
              okText={m.common.confirm}
              cancelText={m.common.cancel}
              onConfirm={() => handOver.mutate()}
              disabled={!waiting}
            >
              <Button
                type="primary"
                icon={<SendOutlined />}
                disabled={!waiting}
                loading={handOver.isPending}
                data-testid="charity-list-handover"
              >
                {t.handOver}
              </Button>
            </Popconfirm>
          </>
        }
      />
      <Card>
        <Form layout="inline" className="filter-bar" data-testid="charity-list-form">
          <Form.Item label={t.charity} htmlFor="charity-list-charity">
            <Select
              id="charity-list-charity"
              value={charityCode}
              onChange={setPicked}
              options={charities.map((c) => ({ value: c.code, label: c.name }))}
              style={{ minWidth: 260 }}
              data-testid="charity-list-charity"
            />
          </Form.Item>
          <Form.Item label={t.month} htmlFor="charity-list-month">
            <DatePicker
              id="charity-list-month"
              picker="month"
              allowClear={false}
              value={month}
              onChange={(d: Dayjs | null) => d && setMonth(d)}
              data-testid="charity-list-month"
            />
          </Form.Item>
        </Form>
        <Alert type="info" showIcon title={t.auditNote} style={{ margin: '12px 0' }} data-testid="charity-list-audit" />
        {!charities.length && <Alert type="warning" showIcon title={t.charityRequired} />}
        {list.error && <Alert type="error" showIcon title={errorMessage(list.error, m.errors.network)} role="alert" />}
        {list.data && rows.length > 0 && !waiting && (
          <Typography.Paragraph type="secondary">{t.nothingToHandOver}</Typography.Paragraph>
        )}
        <Table<Row>
          rowKey="referralId"
          size="middle"
          data-testid="charity-list-table"
          loading={list.isFetching}
          columns={columns}
          dataSource={rows}
          locale={{ emptyText: t.empty }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
        />
      </Card>
    </>
  );
}
