import { withoutOutbox, type StateMapping } from '@carelink/store';
import type { Connection } from 'mongoose';
import type { Booking, WorkerDayState } from '../domain/worker-calendar/worker-calendar';

const COLLECTION = 'worker_days';

function toState(doc: Record<string, unknown>): WorkerDayState {
  const { _id, _version: _v, ...rest } = doc;
  return { calendarId: _id, ...rest } as WorkerDayState;
}

/** How a worker's day is stored: under `<workerId>|<day>`, version-checked like every state. */
export const workerDayStates: StateMapping<WorkerDayState> = {
  collection: COLLECTION,
  toDocument: ({ calendarId: _id, ...state }) => state,
  fromDocument: toState,
};

export class CalendarRepository {
  static readonly collection = COLLECTION;
  constructor(private readonly connection: Connection) {}

  private get days() {
    return this.connection.collection<{ _id: string } & Record<string, unknown>>(COLLECTION);
  }

  /** The bookings of several workers' days, by calendar id (a day with none is absent). */
  async bookingsOf(calendarIds: string[]): Promise<Map<string, Booking[]>> {
    if (calendarIds.length === 0) return new Map();
    // One read per worker-day by its _id: FerretDB does not push `_id: {$in}` down to PostgreSQL (docs/QUERIES.md)
    // and would read every worker-day of the collection for each visit booked.
    const docs = await Promise.all(
      [...new Set(calendarIds)].map((id) => this.days.findOne({ _id: id }, { projection: withoutOutbox })),
    );
    return new Map(docs.flatMap((d) => (d ? [[d._id, toState(d).bookings] as const] : [])));
  }
}
