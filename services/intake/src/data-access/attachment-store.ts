import { FileBucket, type StoredFile } from '@carelink/store';
import type { Connection } from 'mongoose';

export interface AttachmentInfo {
  attachmentId: string;
  caseId: string;
  kind: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: Date;
}

interface AttachmentMetadata {
  caseId: string;
  kind: string;
  contentType: string;
  uploadedBy: string;
}

/** Attachments in the database (GridFS), so a person's file lives with the rest of their data. */
export class AttachmentStore {
  private readonly files: FileBucket<AttachmentMetadata>;
  constructor(connection: Connection) {
    this.files = new FileBucket(connection);
  }

  async save(
    caseId: string,
    kind: string,
    contentType: string,
    bytes: Buffer,
    uploadedBy: string,
  ): Promise<AttachmentInfo> {
    const { id, sha256 } = await this.files.put(`${caseId}/${kind}`, bytes, { caseId, kind, contentType, uploadedBy });
    return {
      attachmentId: id,
      caseId,
      kind,
      contentType,
      size: bytes.length,
      sha256,
      uploadedBy,
      uploadedAt: new Date(),
    };
  }

  async list(caseId: string): Promise<AttachmentInfo[]> {
    return (await this.files.find({ caseId })).map(info);
  }

  async read(
    attachmentId: string,
  ): Promise<{ info: { caseId: string; kind: string; contentType: string }; bytes: Buffer } | null> {
    const file = await this.files.read(attachmentId);
    if (!file) return null;
    const { caseId, kind, contentType } = file.metadata;
    return { info: { caseId, kind, contentType }, bytes: file.bytes };
  }
}

function info(f: StoredFile<AttachmentMetadata & { sha256: string }>): AttachmentInfo {
  return {
    attachmentId: f.id,
    caseId: f.metadata.caseId,
    kind: f.metadata.kind,
    contentType: f.metadata.contentType,
    size: f.size,
    sha256: f.metadata.sha256,
    uploadedBy: f.metadata.uploadedBy,
    uploadedAt: f.uploadDate,
  };
}
