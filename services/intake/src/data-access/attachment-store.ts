import { GridFSBucket, ObjectId } from 'mongodb';
import type { Connection } from 'mongoose';
import { createHash } from 'node:crypto';

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

/** Attachments in the database (GridFS), so a person's file lives with the rest of their data. */
export class AttachmentStore {
  constructor(private readonly connection: Connection) {}

  private get bucket() {
    return new GridFSBucket(this.connection.db!, { bucketName: 'attachments' });
  }

  async save(
    caseId: string,
    kind: string,
    contentType: string,
    bytes: Buffer,
    uploadedBy: string,
  ): Promise<AttachmentInfo> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const metadata = { caseId, kind, contentType, sha256, uploadedBy };
    const id = await new Promise<ObjectId>((resolve, reject) => {
      const upload = this.bucket.openUploadStream(`${caseId}/${kind}`, { metadata });
      upload.once('error', reject);
      upload.once('finish', () => resolve(upload.id as ObjectId));
      upload.end(bytes);
    });
    return {
      attachmentId: id.toHexString(),
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
    const files = await this.bucket.find({ 'metadata.caseId': caseId }).sort({ uploadDate: 1 }).toArray();
    return files.map((f) => ({
      attachmentId: f._id.toHexString(),
      caseId,
      kind: f.metadata!.kind as string,
      contentType: f.metadata!.contentType as string,
      size: f.length,
      sha256: f.metadata!.sha256 as string,
      uploadedBy: f.metadata!.uploadedBy as string,
      uploadedAt: f.uploadDate,
    }));
  }

  async read(
    attachmentId: string,
  ): Promise<{ info: { caseId: string; kind: string; contentType: string }; bytes: Buffer } | null> {
    if (!ObjectId.isValid(attachmentId)) return null;
    const id = new ObjectId(attachmentId);
    const [file] = await this.bucket.find({ _id: id }).toArray();
    if (!file) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStream(id)) chunks.push(chunk as Buffer);
    return {
      info: { caseId: file.metadata!.caseId, kind: file.metadata!.kind, contentType: file.metadata!.contentType },
      bytes: Buffer.concat(chunks),
    };
  }
}
