import { backOff } from 'exponential-backoff';
import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';

/**
 * Opens a dedicated mongoose connection (one per service database), retrying with backoff while the
 * server is not up yet. Works against MongoDB and FerretDB alike.
 */
export async function connectMongo(url: string, logger: Logger, attempts = 10): Promise<Connection> {
  return backOff(
    async () => {
      const connection = mongoose.createConnection(url, { serverSelectionTimeoutMS: 3000, autoIndex: true });
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
