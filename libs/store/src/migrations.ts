import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from './connection';
import { withDocumentLock } from './document-lock';
import { WHOLE_ANSWER } from './whole-answer';

const MIGRATIONS = 'data_migrations';

/**
 * Runs a one-time change of stored data once per database: done ones are recorded in `data_migrations` by
 * name, so later starts only read that mark. `work` must be safe to run again: a crash before the mark is
 * written runs it again at the next start. Returns whether it ran.
 */
export async function once(connection: Connection, name: string, work: () => Promise<void>): Promise<boolean> {
  const migrations = connection.collection<{ _id: string; doneAt: Date }>(MIGRATIONS);
  if (await migrations.findOne({ _id: name }, { projection: { _id: 1 } })) return false;
  await work();
  try {
    await migrations.insertOne({ _id: name, doneAt: new Date() });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
  return true;
}

export interface Backfill<D> {
  /** The collection whose older documents lack the field. */
  collection: string;
  /** The field whose absence marks a document written before it existed. */
  missing: string;
  /** What `fieldsOf` reads of each such document. */
  projection: Record<string, 1>;
  /** The fields to set on one document (the missing one among them). */
  fieldsOf: (doc: D) => object | Promise<object>;
  /** Documents updated at once (default 64). */
  batchSize?: number;
}

/**
 * Gives the documents written before a field existed what it should hold, once per database (see `once`,
 * `name` names it): one pass over the documents that lack `missing`, in batches, each updated by `_id` under
 * its document lock and only if it still lacks the field. Runs in a service's `prepare`, before it takes
 * requests or events, after the code that writes the field for new documents is in place. The pass itself
 * reads the whole collection once (a `$exists` filter is not pushed down on FerretDB); every later start
 * reads only the mark. Returns how many documents were given the field.
 */
export async function backfillOnce<D extends { _id: unknown }>(
  connection: Connection,
  name: string,
  spec: Backfill<D>,
): Promise<number> {
  let updated = 0;
  await once(connection, name, async () => {
    const collection = connection.collection<D>(spec.collection);
    const size = spec.batchSize ?? 64;
    // The documents to fill are read whole, in one batch (their projection is small), so that no cursor stays
    // open while their updates run (see WHOLE_ANSWER); then updated `size` at a time.
    const pending = (await collection
      .find({ [spec.missing]: { $exists: false } } as never, { projection: spec.projection, ...WHOLE_ANSWER })
      .toArray()) as D[];
    for (let i = 0; i < pending.length; i += size) {
      const docs = pending.slice(i, i + size);
      await Promise.all(
        docs.map(async (doc) => {
          const fields = await spec.fieldsOf(doc);
          await withDocumentLock(connection, spec.collection, String(doc._id), () =>
            collection.updateOne(
              { _id: doc._id, [spec.missing]: { $exists: false } } as never,
              { $set: fields } as never,
            ),
          );
        }),
      );
      updated += docs.length;
    }
  });
  return updated;
}

/** Drops indexes that a newer set of indexes replaced (those present; by their names, e.g. `township_1`). */
export async function dropIndexesIfPresent(connection: Connection, collection: string, names: string[]): Promise<void> {
  const coll = connection.collection(collection);
  const present = new Set(
    (await coll.indexes().catch(() => [] as { name?: string }[])).map((i) => i.name).filter(Boolean),
  );
  for (const name of names) if (present.has(name)) await coll.dropIndex(name);
}
