import { RecordingPlayer } from '../../components/recording-player';
import { fetchComplaintAttachment } from './hotline-api';

/**
 * A complaint's attachment played or shown in the page (a voice note in an audio player, a photo inline, a PDF
 * linked): its bytes are read through the BFF when the operator asks (the read is audited by complaints).
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
  return (
    <RecordingPlayer
      readKey={['hotline-attachment', attachmentId]}
      read={(signal) => fetchComplaintAttachment(complaintId, attachmentId, signal)}
      label={label}
      fileName={attachmentId}
    />
  );
}
