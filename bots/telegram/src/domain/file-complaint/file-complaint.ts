import type { FieldCipher } from '@carelink/store';
import type { Redis } from 'ioredis';
import type { ChatDirectory } from '../../data-access/chat-directory';
import type { ComplaintFiling, ComplaintsClient } from '../../data-access/complaints-client';
import { Unavailable } from '../../data-access/intake-client';

export interface PendingComplaint {
  filingId: string;
  chatId: number;
  filing: ComplaintFiling;
  voiceFileId?: string;
  /** Set once the complaints service has it: never filed twice. */
  filed?: { complaintId: string; complaintNumber: string };
}

/** Complaints a resident has made, kept (sealed) until the complaints service has them. */
export class ComplaintBook {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly cipher: FieldCipher,
  ) {}

  private key(id: string) {
    return `${this.prefix}complaint-filing:${id}`;
  }

  async save(pending: PendingComplaint): Promise<void> {
    await this.redis.set(this.key(pending.filingId), this.cipher.encrypt(JSON.stringify(pending)), 'EX', 30 * 86400);
  }

  async find(id: string): Promise<PendingComplaint | undefined> {
    const raw = await this.redis.get(this.key(id));
    return raw ? (JSON.parse(this.cipher.decrypt(raw)) as PendingComplaint) : undefined;
  }
}

export interface FileComplaintDeps {
  book: ComplaintBook;
  complaints: ComplaintsClient;
  directory: ChatDirectory;
  downloadVoice: (fileId: string) => Promise<{ bytes: Buffer; contentType: string }>;
  retryLater: (filingId: string) => Promise<void>;
}

/**
 * Files a kept complaint once (voice note first, as an attachment); remembers its chat for the outcome.
 * The filing id is the Idempotency-Key, so a retry after a lost answer gets the first complaint back.
 */
export async function fileOnce(
  filingId: string,
  deps: Omit<FileComplaintDeps, 'retryLater'>,
): Promise<{ pending: PendingComplaint; filed: NonNullable<PendingComplaint['filed']>; fresh: boolean }> {
  const pending = await deps.book.find(filingId);
  if (!pending) throw new Error(`complaint filing ${filingId} is not in the book`);
  if (pending.filed) return { pending, filed: pending.filed, fresh: false };
  const attachmentIds: string[] = [];
  if (pending.voiceFileId) {
    const voice = await deps.downloadVoice(pending.voiceFileId).catch(() => undefined);
    if (voice) attachmentIds.push(await deps.complaints.attach(voice.bytes, voice.contentType));
  }
  const phone = await deps.directory.phone(pending.chatId);
  const answer = await deps.complaints.file(
    {
      ...pending.filing,
      ...(attachmentIds.length ? { attachmentIds } : {}),
      reporter: { ...pending.filing.reporter, ...(phone ? { phone } : {}) },
    },
    `telegram-${pending.filingId}`,
  );
  const filed = { complaintId: answer.complaintId, complaintNumber: answer.complaintNumber };
  await deps.book.save({ ...pending, filed });
  await deps.directory.rememberComplaint(filed.complaintId, pending.chatId);
  return { pending, filed, fresh: true };
}

export type FileOutcome = { kind: 'filed'; complaintNumber: string } | { kind: 'queued' } | { kind: 'failed' };

/** The last step of the complaint conversation: keep it, file it now, else retry later and say so. */
export async function fileComplaint(pending: PendingComplaint, deps: FileComplaintDeps): Promise<FileOutcome> {
  await deps.book.save(pending);
  try {
    const { filed } = await fileOnce(pending.filingId, deps);
    return { kind: 'filed', complaintNumber: filed.complaintNumber };
  } catch (err) {
    if (err instanceof Unavailable) {
      await deps.retryLater(pending.filingId);
      return { kind: 'queued' };
    }
    return { kind: 'failed' };
  }
}
