import { createHash } from 'node:crypto';
import { mongo, type Connection } from 'mongoose';
import { WHOLE_ANSWER } from './whole-answer';

/** A stored file as the bucket describes it. */
export interface StoredFile<M> {
  id: string;
  metadata: M;
  size: number;
  uploadDate: Date;
}

/**
 * Files kept in the database (GridFS) next to the data they belong to: documents, photos, voice messages.
 * Each file carries its SHA-256 in its metadata.
 */
export class FileBucket<M extends object> {
  constructor(
    private readonly connection: Connection,
    private readonly bucketName = 'attachments',
  ) {}

  private get bucket() {
    return new mongo.GridFSBucket(this.connection.db!, { bucketName: this.bucketName });
  }

  /** Stores the bytes; returns the new file's id (hex) and the SHA-256 recorded with it. */
  async put(filename: string, bytes: Buffer, metadata: M): Promise<{ id: string; sha256: string }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const id = await new Promise<mongo.ObjectId>((resolve, reject) => {
      const upload = this.bucket.openUploadStream(filename, { metadata: { ...metadata, sha256 } });
      upload.once('error', reject);
      upload.once('finish', () => resolve(upload.id as mongo.ObjectId));
      upload.end(bytes);
    });
    return { id: id.toHexString(), sha256 };
  }

  /**
   * The files whose metadata matches `filter` (keys relative to the metadata), oldest first. The keys are
   * dotted paths (`metadata.k`), which FerretDB does not push down: this reads every file of the bucket.
   * Prefer `named`.
   */
  async find(filter: Record<string, unknown>): Promise<StoredFile<M & { sha256: string }>[]> {
    const query = Object.fromEntries(Object.entries(filter).map(([k, v]) => [`metadata.${k}`, v]));
    const files = await this.bucket.find(query, WHOLE_ANSWER).sort({ uploadDate: 1 }).toArray();
    return files.map((f) => this.described(f));
  }

  /**
   * The files stored under any of these names, oldest first: one equality on `filename` per name, side by
   * side (indexed: GridFS indexes `filename`), where a filter on the metadata would read the whole bucket.
   */
  async named(filenames: readonly string[]): Promise<StoredFile<M & { sha256: string }>[]> {
    const found = await Promise.all(
      [...new Set(filenames)].map((filename) => this.bucket.find({ filename }, WHOLE_ANSWER).toArray()),
    );
    return found
      .flat()
      .sort((a, b) => a.uploadDate.getTime() - b.uploadDate.getTime())
      .map((f) => this.described(f));
  }

  /**
   * The ids among `ids` that are not stored (malformed ids count as not stored): one lookup by `_id` per id,
   * side by side (an `_id: {$in}` filter is not pushed down on FerretDB and would read the whole bucket).
   */
  async missing(ids: string[]): Promise<string[]> {
    const valid = [...new Set(ids.filter((id) => mongo.ObjectId.isValid(id)))];
    if (valid.length === 0) return ids;
    const found = await Promise.all(
      valid.map((id) =>
        this.bucket
          .find({ _id: new mongo.ObjectId(id) })
          .limit(1)
          .toArray(),
      ),
    );
    const have = new Set(found.flat().map((f) => f._id.toHexString()));
    return ids.filter((id) => !have.has(id));
  }

  /** A file with its bytes, or null when there is none with this id. */
  async read(fileId: string): Promise<(StoredFile<M & { sha256: string }> & { bytes: Buffer }) | null> {
    if (!mongo.ObjectId.isValid(fileId)) return null;
    const id = new mongo.ObjectId(fileId);
    const [file] = await this.bucket.find({ _id: id }).toArray();
    if (!file) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStream(id)) chunks.push(chunk as Buffer);
    return { ...this.described(file), bytes: Buffer.concat(chunks) };
  }

  private described(f: mongo.GridFSFile): StoredFile<M & { sha256: string }> {
    return {
      id: f._id.toHexString(),
      metadata: f.metadata as M & { sha256: string },
      size: f.length,
      uploadDate: f.uploadDate,
    };
  }
}
