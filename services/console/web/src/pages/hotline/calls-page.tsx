import { ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Input,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { answer, api } from '../../api/client';
import { formatTime } from '../../components/countdown';
import { PageHeader } from '../../components/page-header';
import { PageLoading } from '../../components/page-loading';
import { useLocale } from '../../i18n/locale';
import { ErrorAlert, OutcomeTag, usePaging } from './cells';
import { CALL_OUTCOMES, type CallOutcome, type CallRecordView, type ComplaintDetailView } from './hotline-api';
import { listCalls, useHotlineList, type CallFilter } from './queries';
import { AttachmentPlayer } from './recording-player';

const CallsChart = lazy(() => import('./calls-chart'));

/** How long a call lasted, as m:ss. */
function duration(c: CallRecordView): string {
  const seconds = c.endedAt ? Math.round((Date.parse(c.endedAt) - Date.parse(c.startedAt)) / 1000) : undefined;
  if (seconds === undefined || seconds < 0) return '';
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The caller's way through the voice menu, step by step, in words (a keyed ID number or code is never shown). */
function CallPath({ path }: { path: string[] }) {
  const { m } = useLocale();
  const t = m.hotline.calls;
  return (
    <Space size={[2, 2]} wrap style={{ maxWidth: 360 }}>
      {path.map((entry, i) => {
        const [node = '', input = ''] = entry.split(':');
        const what =
          input === 'keyed'
            ? t.inputKeyed
            : input === 'recording'
              ? t.inputRecording
              : input === 'none' || input === ''
                ? t.inputNone
                : t.inputDigits(input);
        return (
          <Tooltip key={`${entry}-${i}`} title={what}>
            <Tag>{t.steps[node] ?? node}</Tag>
          </Tooltip>
        );
      })}
    </Space>
  );
}

/**
 * The recording a call left with the complaint it filed, played in the page (complaints serves it; an
 * application's voice note is the township's to read, not the hotline's). A call recorded before the IVR noted its
 * recording is looked up by its complaint number.
 */
function CallRecording({ call }: { call: CallRecordView }) {
  const { m } = useLocale();
  const named = call.recording?.service === 'complaints' ? call.recording : undefined;
  const complaint = useQuery({
    queryKey: ['hotline', 'complaint', call.complaintNumber],
    queryFn: () =>
      answer<ComplaintDetailView>(
        api.complaints.GET('/complaints/{complaintId}', { params: { path: { complaintId: call.complaintNumber! } } }),
      ),
    enabled: !named && Boolean(call.complaintNumber),
    staleTime: 60_000,
  });
  const label = m.hotline.calls.recordingOf(call.complaintNumber ?? '');
  if (named)
    return <AttachmentPlayer complaintId={named.complaintId} attachmentId={named.attachmentId} label={label} />;
  if (!call.complaintNumber) return null;
  if (complaint.isPending) return <Typography.Text type="secondary">{m.app.loading}</Typography.Text>;
  const attachmentId = complaint.data?.attachmentIds?.[0];
  if (!complaint.data || !attachmentId)
    return <Typography.Text type="secondary">{m.hotline.calls.noRecording}</Typography.Text>;
  return <AttachmentPlayer complaintId={complaint.data.complaintId} attachmentId={attachmentId} label={label} />;
}

const firstDay = () => dayjs().subtract(6, 'day').format('YYYY-MM-DD');

/**
 * The IVR's call records (来电记录): who called (masked), when, the way through the menu, how it ended, the case or
 * complaint it made, and the recording of a complaint playable in the page; counts and a chart of the days. The
 * IVR filters by days and outcome; the search by number and the paging are done here (NEEDED-APIS.md H3).
 */
export default function CallsPage() {
  const { m } = useLocale();
  const queryClient = useQueryClient();
  const { paging, reset, table } = usePaging();
  const [filter, setFilter] = useState<CallFilter>({ from: firstDay() });
  const update = (f: Partial<CallFilter>) => {
    setFilter((old) => ({ ...old, ...f }));
    reset();
  };
  const list = useHotlineList('calls', filter, paging, listCalls, { refetchInterval: 60_000 });
  const matching = list.data?.matching ?? [];
  const count = (o: CallOutcome) => list.data?.outcomes[o] ?? 0;
  const allCalls = Object.values(list.data?.outcomes ?? {}).reduce((a, b) => a + b, 0);

  const columns: ColumnsType<CallRecordView> = [
    { title: m.hotline.calls.startedAt, key: 'startedAt', render: (_, c) => formatTime(c.startedAt) },
    {
      title: m.hotline.calls.caller,
      key: 'caller',
      render: (_, c) => <span className="masked-id">{c.callerMasked}</span>,
    },
    { title: m.hotline.calls.duration, key: 'duration', render: (_, c) => duration(c) },
    { title: m.hotline.calls.path, key: 'path', render: (_, c) => <CallPath path={c.path} /> },
    { title: m.hotline.calls.outcome, key: 'outcome', render: (_, c) => <OutcomeTag outcome={c.outcome} /> },
    {
      title: m.hotline.calls.madeNumber,
      key: 'number',
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          {c.caseNumber && <span>{`${m.hotline.subject.case} ${c.caseNumber}`}</span>}
          {c.complaintNumber && <span>{`${m.hotline.calls.complaint} ${c.complaintNumber}`}</span>}
        </Space>
      ),
    },
    { title: m.hotline.calls.recording, key: 'recording', render: (_, c) => <CallRecording call={c} /> },
  ];

  return (
    <>
      <PageHeader
        title={m.hotline.calls.title}
        hint={m.hotline.calls.hint}
        extra={
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void queryClient.invalidateQueries({ queryKey: ['hotline', 'calls'] })}
            data-testid="hotline-calls-refresh"
          >
            {m.common.refresh}
          </Button>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Space wrap className="filter-bar" data-testid="hotline-calls-filters" style={{ marginBottom: 12 }}>
          <DatePicker.RangePicker
            aria-label={m.common.dateRange}
            placeholder={[m.common.from, m.common.to]}
            allowEmpty={[false, true]}
            value={[dayjs(filter.from), filter.to ? dayjs(filter.to) : null]}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            onChange={(range) =>
              update({
                from: range?.[0]?.format('YYYY-MM-DD') ?? firstDay(),
                to: range?.[1]?.format('YYYY-MM-DD'),
              })
            }
            data-testid="hotline-calls-dates"
          />
          <Select
            mode="multiple"
            aria-label={m.hotline.calls.outcome}
            placeholder={m.hotline.calls.outcome}
            allowClear
            value={filter.outcome ?? []}
            onChange={(outcome: CallOutcome[]) => update({ outcome })}
            options={CALL_OUTCOMES.map((o) => ({ value: o, label: m.hotline.calls.outcomes[o] }))}
            style={{ minWidth: 200 }}
            maxTagCount="responsive"
            data-testid="hotline-calls-outcome"
          />
          <Input.Search
            aria-label={m.hotline.calls.callerDigits}
            placeholder={m.hotline.calls.callerDigits}
            allowClear
            inputMode="numeric"
            maxLength={11}
            onSearch={(caller) => update({ caller: caller.trim() || undefined })}
            style={{ width: 200 }}
          />
          <Input.Search
            aria-label={m.hotline.calls.numberSearch}
            placeholder={m.hotline.calls.numberSearch}
            allowClear
            maxLength={40}
            onSearch={(q) => update({ q: q.trim() || undefined })}
            style={{ width: 240 }}
          />
        </Space>
        <Row gutter={[16, 16]} data-testid="hotline-calls-summary">
          <Col xs={12} md={3}>
            <Statistic title={m.hotline.calls.total} value={allCalls} />
          </Col>
          {CALL_OUTCOMES.map((o) => (
            <Col xs={12} md={3} key={o}>
              <Statistic title={m.hotline.calls.outcomes[o]} value={count(o)} />
            </Col>
          ))}
        </Row>
        <Suspense fallback={<PageLoading />}>
          {matching.length > 0 && (
            <CallsChart calls={matching} from={filter.from} {...(filter.to ? { to: filter.to } : {})} />
          )}
        </Suspense>
      </Card>
      <Card>
        <ErrorAlert error={list.error} />
        <Table<CallRecordView>
          rowKey="callSid"
          data-testid="hotline-calls-table"
          size="middle"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data?.rows}
          pagination={table(list.data?.total)}
          scroll={{ x: 'max-content' }}
        />
      </Card>
    </>
  );
}
