import { FileBucket } from '@carelink/store';
import type { Connection } from 'mongoose';

interface PhotoMetadata {
  visitId: string;
  contentType: string;
  uploadedBy: string;
}

/** The photos workers take at visits, in GridFS (bucket `visit-photos`), each filed under its visit. */
export class VisitPhotoStore {
  private readonly files: FileBucket<PhotoMetadata>;
  constructor(connection: Connection) {
    this.files = new FileBucket(connection, 'visit-photos');
  }

  async save(visitId: string, contentType: string, bytes: Buffer, uploadedBy: string) {
    const { id, sha256 } = await this.files.put(`visit-${visitId}`, bytes, { visitId, contentType, uploadedBy });
    return { photoId: id, contentType, size: bytes.length, sha256 };
  }

  /** A photo of this visit with its bytes; null when there is none (or it is another visit's). */
  async read(visitId: string, photoId: string): Promise<{ contentType: string; bytes: Buffer } | null> {
    const file = await this.files.read(photoId);
    return file && file.metadata.visitId === visitId
      ? { contentType: file.metadata.contentType, bytes: file.bytes }
      : null;
  }
}
