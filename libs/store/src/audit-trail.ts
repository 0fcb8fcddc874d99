import type { Connection } from 'mongoose';

export interface AuditRecord {
  actor: string;
  role: string;
  action: 'read' | 'create' | 'update' | 'export';
  subjectType: 'person' | 'case' | 'attachment' | 'complaint' | 'chat';
  subjectId: string;
  purpose?: string;
  at: Date;
  traceId?: string;
}

/** Append-only record of who read or changed a person's file. */
export class AuditTrail {
  constructor(
    private readonly connection: Connection,
    private readonly collectionName = 'audit_trail',
  ) {}

  async record(entry: Omit<AuditRecord, 'at'>): Promise<void> {
    await this.connection.collection(this.collectionName).insertOne({ ...entry, at: new Date() });
  }

  async forSubject(subjectId: string): Promise<AuditRecord[]> {
    return (await this.connection
      .collection(this.collectionName)
      .find({ subjectId }, { projection: { _id: 0 } })
      .sort({ at: 1 })
      .toArray()) as unknown as AuditRecord[];
  }
}
