/**
 * Read options for a query whose whole answer is gathered at once (`find(...).toArray()` of more than a page):
 * ask for it in one batch, so that no cursor stays open between batches.
 *
 * Why: FerretDB v1 on PostgreSQL holds one of its PostgreSQL pool connections (40 here) for every open cursor
 * until the cursor is read to the end. An answer over 101 documents arrives in batches, its cursor open in
 * between; when more such reads run at once than the pool has connections, the reads waiting for a connection
 * hold the driver's sockets that the open cursors need for their next batch, and the server deadlocks — for every
 * client, and it stays stuck after the client is gone (measured: 12 reads of 300 documents at once against a pool
 * of 5 never finish; with this option 40 at once finish). MongoDB itself does not need it, and is not harmed by it.
 * The answer is still limited to 16 MB per batch by the wire protocol: keep such reads to what fits.
 *
 * With a limit it is the limit's answer in one batch (`find(f, WHOLE_ANSWER).limit(n)`: the first reply holds
 * all of it and closes the cursor). Not needed where the answer cannot pass 101 documents: a `limit` up to 101,
 * or an `_id` equality. `test/whole-answer.unit.test.ts` checks every read of the services, bots and libs.
 */
export const WHOLE_ANSWER = { batchSize: 100_000 } as const;
