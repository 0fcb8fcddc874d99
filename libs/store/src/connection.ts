import { backOff } from 'exponential-backoff';
import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';

/**
 * Opens a dedicated mongoose connection (one per service database), retrying with backoff while the
 * server is not up yet. Works against MongoDB and FerretDB alike.
 *
 * Bounded waits, so a busy store turns into a quick, retryable error (HTTP 503) and never into a request
 * that hangs: at most `maxPoolSize` commands at once, `waitQueueTimeoutMS` in the queue for a connection,
 * `socketTimeoutMS` for an answer. `monitorCommands` lets a test watch the commands sent (see
 * `watchQueries` in @carelink/test-servers); off by default, as it costs an event per command.
 */
export async function connectMongo(
  url: string,
  logger: Logger,
  attempts = 10,
  options: { monitorCommands?: boolean } = {},
): Promise<Connection> {
  return backOff(
    async () => {
      const connection = mongoose.createConnection(url, {
        serverSelectionTimeoutMS: 3000,
        autoIndex: true,
        maxPoolSize: 32,
        waitQueueTimeoutMS: 10_000,
        socketTimeoutMS: 30_000,
        monitorCommands: options.monitorCommands ?? false,
      });
      try {
        await connection.asPromise();
        return connection;
      } catch (err) {
        await connection.close().catch(() => undefined);
        throw err;
      }
    },
    {
      numOfAttempts: attempts,
      startingDelay: 250,
      maxDelay: 5000,
      retry: (err, attempt) => {
        logger.warn({ err: (err as Error).message, attempt }, 'database not reachable yet, retrying');
        return true;
      },
    },
  );
}

/** MongoDB and FerretDB both report a unique-index violation as code 11000. */
export function isDuplicateKeyError(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: { code?: number }[] } | undefined;
  return e?.code === 11000 || (Array.isArray(e?.writeErrors) && e.writeErrors.every((w) => w.code === 11000));
}

/**
 * Errors that mean "the store is busy or away right now; the same request may work in a moment": no
 * server, a connection that timed out, the connection pool's queue full, or SQLite's lock (FerretDB on
 * SQLite). They are answered with 503 and Retry-After, not 500.
 */
export function isStoreUnavailableError(err: unknown): boolean {
  const e = err as { name?: string; message?: string } | undefined;
  if (!e?.name) return false;
  if (STORE_UNAVAILABLE.has(e.name)) return true;
  return /SQLITE_BUSY|database is locked/.test(e.message ?? '');
}

const STORE_UNAVAILABLE = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoWaitQueueTimeoutError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
  // the commit port lost to other writers of one document several times in a row: try again shortly
  'CommitConflictError',
]);
