import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { Card, Empty, Input, Space, Table } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { answer, api } from '../../api/client';
import { useNames } from '../../api/directory';
import { queryOf } from '../../api/paging';
import { formatTime } from '../../components/countdown';
import { PageHeader } from '../../components/page-header';
import { PlaceSelect } from '../../components/place-select';
import { ErrorAlert, usePaging } from '../../components/table-paging';
import { useLocale } from '../../i18n/locale';
import type { FileRow } from './views';

interface FilePage {
  items: FileRow[];
  total: number;
  totalCapped?: boolean;
}

/** 一人一档: the files of the account's jurisdiction in service-number order, by township and name. */
export default function PersonFilesPage() {
  const { m } = useLocale();
  const names = useNames();
  const [township, setTownship] = useState<string>();
  const [name, setName] = useState<string>();
  const { paging, reset, table } = usePaging();
  const files = useQuery({
    queryKey: ['person-files', township, name, paging],
    queryFn: () =>
      answer<FilePage>(
        api.assessment.GET('/files', {
          params: { query: queryOf({ township, name, page: paging.page, pageSize: paging.pageSize }) as never },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const p = m.personFile;
  return (
    <>
      <PageHeader title={p.title} hint={p.hint} />
      <Card>
        <Space wrap className="filter-bar">
          <PlaceSelect
            level="township"
            value={township}
            testId="files-township"
            onChange={(v) => {
              setTownship(v);
              reset();
            }}
          />
          <Input.Search
            aria-label={p.name}
            placeholder={p.namePlaceholder}
            allowClear
            data-testid="files-name"
            onSearch={(v) => {
              setName(v.trim() || undefined);
              reset();
            }}
            style={{ width: 200 }}
          />
        </Space>
        <ErrorAlert error={files.error} />
        <Table<FileRow>
          rowKey="serviceNumber"
          data-testid="files-table"
          loading={files.isFetching}
          dataSource={files.data?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={p.none} /> }}
          pagination={table(files.data?.total, files.data?.totalCapped)}
          columns={[
            {
              title: p.serviceNumber,
              key: 'serviceNumber',
              render: (_, f) => (
                <Link to={`/files/${f.serviceNumber}`} data-testid={`file-${f.serviceNumber}`}>
                  {f.serviceNumber}
                </Link>
              ),
            },
            { title: p.name, key: 'name', dataIndex: 'name' },
            { title: p.idNumber, key: 'id', dataIndex: 'idNumberMasked' },
            { title: p.township, key: 'township', render: (_, f) => names.place(f.township) },
            { title: p.issuedAt, key: 'issuedAt', render: (_, f) => formatTime(f.issuedAt) },
            { title: p.evaluations, key: 'evaluations', dataIndex: 'evaluations' },
          ]}
        />
      </Card>
    </>
  );
}
