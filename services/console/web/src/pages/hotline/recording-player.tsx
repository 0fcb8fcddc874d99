import { DownloadOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Space, Spin } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../../api/problem';
import { useLocale } from '../../i18n/locale';
import { fetchComplaintAttachment } from './hotline-api';

/**
 * A complaint's attachment played or shown in the page (a voice note in an audio player, a photo inline, a PDF
 * linked): its bytes are read through the BFF when the operator asks (the read is audited by complaints) and
 * kept in memory as a blob: URL, released when the player goes.
 */
export function AttachmentPlayer({
  complaintId,
  attachmentId,
  label,
}: {
  complaintId: string;
  attachmentId: string;
  label: string;
}) {
  const { m } = useLocale();
  const [asked, setAsked] = useState(false);
  const query = useQuery({
    queryKey: ['hotline-attachment', attachmentId],
    queryFn: ({ signal }) => fetchComplaintAttachment(complaintId, attachmentId, signal),
    enabled: asked,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
  });
  const url = useMemo(() => (query.data ? URL.createObjectURL(query.data) : undefined), [query.data]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);

  if (!asked)
    return (
      <Button
        size="small"
        icon={<PlayCircleOutlined />}
        onClick={() => setAsked(true)}
        data-testid="recording-play"
        aria-label={`${m.hotline.recording.play}：${label}`}
      >
        {m.hotline.recording.play}
      </Button>
    );
  if (query.error)
    return (
      <Alert
        type="warning"
        showIcon
        role="alert"
        title={m.hotline.recording.unavailable}
        description={errorMessage(query.error, m.errors.network)}
      />
    );
  if (!url || !query.data)
    return (
      <span role="status">
        <Spin size="small" /> {m.hotline.recording.loading}
      </span>
    );
  const type = query.data.type;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="recording-player">
      {type.startsWith('audio/') || type === '' ? (
        <audio controls autoPlay src={url} aria-label={label} style={{ width: '100%', maxWidth: 420 }} />
      ) : type.startsWith('image/') ? (
        <img src={url} alt={label} style={{ maxWidth: '100%', maxHeight: 360 }} />
      ) : (
        <Button icon={<DownloadOutlined />} href={url} download={`${attachmentId}`}>
          {m.hotline.recording.download}
        </Button>
      )}
    </Space>
  );
}
