import { DownloadOutlined, EyeOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Modal, Space, Spin, Table } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client';
import { errorMessage } from '../../api/problem';
import type { AttachmentView } from '../../api/views';
import { formatTime } from '../../components/countdown';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';

/** A file format as staff know it (the MIME type's sub-type, e.g. JPEG, PDF). */
const formatName = (contentType: string) => (contentType.split('/')[1] ?? contentType).toUpperCase();

const kb = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;

/**
 * The bytes of an attachment (intake `GET /attachments/:id`, audited there) as a blob: URL the page can show.
 * The service sends it as a download that may not be framed, so it is read and shown from memory; the URL is
 * released when the viewer closes.
 */
function useAttachmentUrl(attachment: AttachmentView | undefined) {
  const query = useQuery({
    queryKey: ['attachment', attachment?.attachmentId],
    queryFn: async () => {
      const { data } = await api.intake.GET('/attachments/{attachmentId}', {
        params: { path: { attachmentId: attachment!.attachmentId } },
        parseAs: 'blob',
      });
      return data as unknown as Blob;
    },
    enabled: Boolean(attachment),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });
  const url = useMemo(
    () =>
      query.data && attachment
        ? URL.createObjectURL(new Blob([query.data], { type: attachment.contentType }))
        : undefined,
    [query.data, attachment],
  );
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  return { ...query, url };
}

function AttachmentModal({ attachment, onClose }: { attachment: AttachmentView | undefined; onClose: () => void }) {
  const { m, names } = useLocale();
  const { url, isPending, error } = useAttachmentUrl(attachment);
  const title = attachment ? m.caseDetail.attachmentOf(nameOf(names.attachmentKind, attachment.kind)) : '';
  const type = attachment?.contentType ?? '';
  return (
    <Modal
      open={Boolean(attachment)}
      title={title}
      onCancel={onClose}
      width={type === 'application/pdf' ? 960 : 760}
      destroyOnHidden
      footer={
        url ? (
          <Button icon={<DownloadOutlined />} href={url} download={`${attachment?.kind}-${attachment?.attachmentId}`}>
            {m.caseDetail.download}
          </Button>
        ) : null
      }
      data-testid="attachment-viewer"
    >
      {error ? (
        <Alert type="error" showIcon title={errorMessage(error, m.errors.network)} />
      ) : isPending || !url ? (
        <div className="page-loading" role="status">
          <Spin tip={m.caseDetail.attachmentLoading} />
        </div>
      ) : type.startsWith('image/') ? (
        <img className="attachment-image" src={url} alt={title} />
      ) : type === 'application/pdf' ? (
        <iframe className="attachment-frame" src={url} title={title} />
      ) : type.startsWith('audio/') ? (
        <audio controls src={url} aria-label={title} style={{ width: '100%' }} />
      ) : (
        <Alert type="info" showIcon title={m.caseDetail.attachmentUnsupported} />
      )}
    </Modal>
  );
}

/** A request's documents: kind, format, size, when; each viewable in the page. */
export function AttachmentList({
  attachments,
  loading,
}: {
  attachments: AttachmentView[] | undefined;
  loading: boolean;
}) {
  const { m, names } = useLocale();
  const [open, setOpen] = useState<AttachmentView>();
  if (!loading && (attachments ?? []).length === 0) return <Empty description={m.caseDetail.noAttachments} />;
  return (
    <>
      <Table<AttachmentView>
        rowKey="attachmentId"
        size="small"
        loading={loading}
        pagination={false}
        data-testid="attachments-table"
        dataSource={attachments}
        columns={[
          { title: m.caseDetail.attachments, key: 'kind', render: (_, a) => nameOf(names.attachmentKind, a.kind) },
          { title: m.caseDetail.format, key: 'type', render: (_, a) => formatName(a.contentType) },
          { title: m.caseDetail.size, key: 'size', render: (_, a) => kb(a.size) },
          { title: m.caseDetail.uploadedAt, key: 'at', render: (_, a) => formatTime(a.uploadedAt) },
          {
            title: m.common.actions,
            key: 'view',
            render: (_, a) => (
              <Space>
                <Button
                  size="small"
                  icon={<EyeOutlined />}
                  onClick={() => setOpen(a)}
                  aria-label={`${m.caseDetail.viewAttachment}：${nameOf(names.attachmentKind, a.kind)}`}
                  data-testid="attachment-view"
                >
                  {m.common.view}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <AttachmentModal attachment={open} onClose={() => setOpen(undefined)} />
    </>
  );
}
