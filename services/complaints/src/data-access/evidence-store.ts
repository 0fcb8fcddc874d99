import { FileBucket } from '@carelink/store';
import type { Connection } from 'mongoose';

export interface EvidenceInfo {
  attachmentId: string;
  kind: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
}

/** Complaint attachments (voice messages, photos, documents) in GridFS, uploaded before the complaint. */
export class EvidenceStore {
  private readonly files: FileBucket<{ kind: string; contentType: string; uploadedBy: string }>;
  constructor(connection: Connection) {
    this.files = new FileBucket(connection);
  }

  async save(kind: string, contentType: string, bytes: Buffer, uploadedBy: string): Promise<EvidenceInfo> {
    const { id, sha256 } = await this.files.put(kind, bytes, { kind, contentType, uploadedBy });
    return { attachmentId: id, kind, contentType, size: bytes.length, sha256, uploadedBy };
  }

  /** The ids among `ids` that are not stored. */
  async missing(ids: string[]): Promise<string[]> {
    return this.files.missing(ids);
  }

  async read(attachmentId: string): Promise<{ contentType: string; bytes: Buffer } | null> {
    const file = await this.files.read(attachmentId);
    return file ? { contentType: file.metadata.contentType, bytes: file.bytes } : null;
  }
}
