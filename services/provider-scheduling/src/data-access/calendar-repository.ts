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
    const docs = await this.days.find({ _id: { $in: calendarIds } }, { projection: withoutOutbox }).toArray();
    return new Map(docs.map((d) => [d._id, toState(d).bookings]));
  }
}
