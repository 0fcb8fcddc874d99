import { DownloadOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Space, Spin } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../api/problem';
import { useLocale } from '../i18n/locale';

/**
 * A recording (or another stored file) played or shown in the page: a voice note in an audio player, a photo
 * inline, anything else offered as a download. Its bytes are read through the BFF only when the user asks (the
 * service audits the read), once, and kept in memory as a blob: URL, released when the player goes. `read` fetches
 * the bytes; `readKey` names them for the query cache.
 */
export function RecordingPlayer({
  readKey,
  read,
  label,
  fileName,
  testId = 'recording',
}: {
  readKey: readonly unknown[];
  read: (signal: AbortSignal) => Promise<Blob>;
  label: string;
  fileName: string;
  /** Prefix of the test ids: `<testId>-play` (the button), `<testId>-player` (the player). */
  testId?: string;
}) {
  const { m } = useLocale();
  const [asked, setAsked] = useState(false);
  const query = useQuery({
    queryKey: readKey,
    queryFn: ({ signal }) => read(signal),
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
        data-testid={`${testId}-play`}
        aria-label={`${m.recording.play}：${label}`}
      >
        {m.recording.play}
      </Button>
    );
  if (query.error)
    return (
      <Alert
        type="warning"
        showIcon
        role="alert"
        title={m.recording.unavailable}
        description={errorMessage(query.error, m.errors.network)}
      />
    );
  if (!url || !query.data)
    return (
      <span role="status">
        <Spin size="small" /> {m.recording.loading}
      </span>
    );
  const type = query.data.type;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid={`${testId}-player`}>
      {type.startsWith('audio/') || type === '' ? (
        <audio controls autoPlay src={url} aria-label={label} style={{ width: '100%', minWidth: 260, maxWidth: 420 }} />
      ) : type.startsWith('image/') ? (
        <img src={url} alt={label} style={{ maxWidth: '100%', maxHeight: 360 }} />
      ) : (
        <Button icon={<DownloadOutlined />} href={url} download={fileName}>
          {m.recording.download}
        </Button>
      )}
    </Space>
  );
}
