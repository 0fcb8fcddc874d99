import { GridFSBucket, ObjectId } from 'mongodb';
import type { Connection } from 'mongoose';
import { createHash } from 'node:crypto';

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
  constructor(private readonly connection: Connection) {}

  private get bucket() {
    return new GridFSBucket(this.connection.db!, { bucketName: 'attachments' });
  }

  async save(kind: string, contentType: string, bytes: Buffer, uploadedBy: string): Promise<EvidenceInfo> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const metadata = { kind, contentType, sha256, uploadedBy };
    const id = await new Promise<ObjectId>((resolve, reject) => {
      const upload = this.bucket.openUploadStream(kind, { metadata });
      upload.once('error', reject);
      upload.once('finish', () => resolve(upload.id as ObjectId));
      upload.end(bytes);
    });
    return { attachmentId: id.toHexString(), kind, contentType, size: bytes.length, sha256, uploadedBy };
  }

  /** The ids among `ids` that are not stored. */
  async missing(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const found = await this.bucket.find({ _id: { $in: ids.map((id) => new ObjectId(id)) } }).toArray();
    const have = new Set(found.map((f) => f._id.toHexString()));
    return ids.filter((id) => !have.has(id));
  }

  async read(attachmentId: string): Promise<{ contentType: string; bytes: Buffer } | null> {
    if (!ObjectId.isValid(attachmentId)) return null;
    const id = new ObjectId(attachmentId);
    const [file] = await this.bucket.find({ _id: id }).toArray();
    if (!file) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStream(id)) chunks.push(chunk as Buffer);
    return { contentType: file.metadata!.contentType as string, bytes: Buffer.concat(chunks) };
  }
}
