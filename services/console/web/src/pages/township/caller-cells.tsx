import { PhoneOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { RecordingPlayer } from '../../components/recording-player';
import { useLocale } from '../../i18n/locale';
import { readRecording } from './pending-applications';
import type { PendingApplicationView, RecordingPart } from './pending-identity-rules';

/** One of a caller's recordings, heard in the page when asked for (intake audits the read). */
export function CallerRecording({ application, part }: { application: PendingApplicationView; part: RecordingPart }) {
  const { m } = useLocale();
  const t = m.township.pendingIdentity;
  if (!application.recordings[part]) return <Typography.Text type="secondary">{t.noRecording}</Typography.Text>;
  return (
    <RecordingPlayer
      readKey={['pending-recording', application.applicationId, part]}
      read={(signal) => readRecording(application.applicationId, part, signal)}
      label={t.recordingOf(part === 'name' ? t.nameRecording : t.needRecording, application.applicationNumber)}
      fileName={`${application.applicationNumber}-${part}`}
      testId={`recording-${part}`}
    />
  );
}

/** The number to call back, as the service gives it (in full to the township and the county), dialled by a click. */
export function CallerPhone({ phone }: { phone: string | undefined }) {
  const { m } = useLocale();
  if (!phone) return null;
  return (
    <a href={`tel:${phone}`} aria-label={m.township.pendingIdentity.callBack(phone)} data-testid="pending-caller-phone">
      <PhoneOutlined /> {phone}
    </a>
  );
}
