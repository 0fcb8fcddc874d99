import { withoutOutbox, appendToOutbox, newWithOutbox, withDocumentLock, type PendingEvent } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { Delivery, VisitState } from '../domain/assignment';

type VisitDoc = Omit<VisitState, 'visitId'> & { _id: string };

const toState = ({ _id, ...rest }: VisitDoc): VisitState => ({ visitId: _id, ...rest });

export class VisitRepository {
  static readonly collection = 'visits';
  constructor(private readonly connection: Connection) {}

  private get visits() {
    return this.connection.collection<VisitDoc>(VisitRepository.collection);
  }

  async prepare(): Promise<void> {
    await this.visits.createIndex({ referralId: 1, scheduledFor: 1 });
  }

  /** Creates a scheduled visit together with its events. */
  async schedule(visit: VisitState, events: PendingEvent[]): Promise<void> {
    const { visitId, ...rest } = visit;
    await this.visits.insertOne({ _id: visitId, ...rest, ...newWithOutbox(events) } as never);
  }

  async get(visitId: string): Promise<VisitState | null> {
    const doc = await this.visits.findOne({ _id: visitId }, { projection: withoutOutbox });
    return doc ? toState(doc) : null;
  }

  /** Marks a scheduled visit delivered with its events in one update; false when it is no longer scheduled. */
  async recordDelivery(visitId: string, delivery: Delivery, events: PendingEvent[]): Promise<boolean> {
    const outbox = appendToOutbox(events);
    return withDocumentLock(this.connection, VisitRepository.collection, visitId, async () => {
      const result = await this.visits.updateOne({ _id: visitId, status: 'scheduled' }, {
        $set: { status: 'delivered', delivery, ...outbox.$set },
        $push: { ...outbox.$push },
      } as never);
      return result.modifiedCount === 1;
    });
  }

  async listOf(referralId: string): Promise<VisitState[]> {
    const docs = await this.visits
      .find({ referralId }, { projection: withoutOutbox })
      .sort({ scheduledFor: 1 })
      .limit(1000)
      .toArray();
    return docs.map(toState);
  }
}
