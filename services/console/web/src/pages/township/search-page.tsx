import { Alert, Card, Form, Input, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { PageRequest } from '../../api/paging';
import { errorMessage } from '../../api/problem';
import type { RequestView } from '../../api/views';
import { formatTime } from '../../components/countdown';
import { PageHeader } from '../../components/page-header';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';
import { CaseLink, ChannelTag, ItemTags, MaskedId, PlaceCell } from './cells';
import { listRequests, useList, type RequestFilter } from './queries';

/** Find a request by case number, name or ID number (intake `GET /requests?q=`, audited there). */
export default function SearchPage() {
  const { m, names } = useLocale();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [paging, setPaging] = useState<PageRequest>({ page: 1, pageSize: 20 });
  const filter: RequestFilter = { q };
  const list = useList('search', filter, paging, listRequests, q.trim().length >= 2);

  const onSearch = (value: string) => {
    setPaging((p) => ({ ...p, page: 1 }));
    setParams(value.trim() ? { q: value.trim() } : {}, { replace: true });
  };

  return (
    <>
      <PageHeader title={m.search.title} hint={m.search.hint} />
      <Card>
        <Form
          layout="vertical"
          onFinish={(v: { q: string }) => onSearch(v.q ?? '')}
          initialValues={{ q }}
          data-testid="search-form"
        >
          <Form.Item
            label={m.search.label}
            name="q"
            rules={[{ required: true, whitespace: true, min: 2, message: m.search.tooShort }]}
          >
            <Input.Search
              placeholder={m.search.placeholder}
              enterButton={m.common.search}
              allowClear
              maxLength={50}
              onSearch={(v, _e, info) => {
                if (info?.source !== 'clear' && v.trim().length >= 2) onSearch(v);
              }}
              data-testid="search-input"
              style={{ maxWidth: 520 }}
            />
          </Form.Item>
        </Form>
        {q && (
          <>
            <Typography.Paragraph type="secondary">{m.search.audited}</Typography.Paragraph>
            {list.error && (
              <Alert
                type="error"
                showIcon
                title={errorMessage(list.error, m.errors.network)}
                style={{ marginBottom: 12 }}
                role="alert"
              />
            )}
            <Table<RequestView>
              rowKey="caseId"
              data-testid="search-results-table"
              size="middle"
              loading={list.isFetching}
              dataSource={list.data?.rows}
              scroll={{ x: 'max-content' }}
              pagination={{
                current: paging.page,
                pageSize: paging.pageSize,
                total: list.data?.total ?? 0,
                showTotal: (n) => (list.data?.capped ? m.common.totalCapped(n) : m.common.total(n)),
                onChange: (page, pageSize) => setPaging({ page, pageSize }),
              }}
              columns={[
                {
                  title: m.common.caseNumber,
                  key: 'caseNumber',
                  render: (_, r) => <CaseLink caseId={r.caseId} caseNumber={r.caseNumber} />,
                },
                { title: m.common.applicant, key: 'name', render: (_, r) => r.applicant?.name ?? '' },
                {
                  title: m.common.idNumber,
                  key: 'id',
                  render: (_, r) => <MaskedId value={r.applicant?.idNumberMasked} />,
                },
                {
                  title: m.common.age,
                  key: 'age',
                  render: (_, r) =>
                    r.applicant?.ageAtRegistration === undefined
                      ? ''
                      : m.common.ageYears(r.applicant.ageAtRegistration),
                },
                {
                  title: m.common.township,
                  key: 'place',
                  render: (_, r) => <PlaceCell township={r.address?.township} village={r.address?.village} />,
                },
                { title: m.common.items, key: 'items', render: (_, r) => <ItemTags codes={r.items} /> },
                { title: m.common.channel, key: 'channel', render: (_, r) => <ChannelTag channel={r.channel} /> },
                {
                  title: m.common.status,
                  key: 'status',
                  render: (_, r) => (
                    <Tag>
                      {r.progress?.stage
                        ? nameOf(names.progressStage, r.progress.stage)
                        : nameOf(names.requestStatus, r.status)}
                    </Tag>
                  ),
                },
                { title: m.common.receivedAt, key: 'at', render: (_, r) => formatTime(r.registeredAt) },
              ]}
            />
          </>
        )}
      </Card>
    </>
  );
}
