import { FileBucket, type StoredFile } from '@carelink/store';
import type { Connection } from 'mongoose';
import { attachmentKind } from '../domain/attach-document/attach-document';

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

/** The name an attachment is stored under: what `list` looks it up by. */
const fileNameOf = (caseId: string, kind: string) => `${caseId}/${kind}`;

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
    const { id, sha256 } = await this.files.put(fileNameOf(caseId, kind), bytes, {
      caseId,
      kind,
      contentType,
      uploadedBy,
    });
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

  /**
   * A request's attachments, oldest first. Each is stored under the name `<caseId>/<kind>`: one equality on
   * the (indexed) file name per kind, where a filter on the metadata would read every stored file.
   */
  async list(caseId: string): Promise<AttachmentInfo[]> {
    return (await this.files.named(attachmentKind.options.map((kind) => fileNameOf(caseId, kind)))).map(info);
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
