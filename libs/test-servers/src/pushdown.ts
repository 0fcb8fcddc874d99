/**
 * Which queries FerretDB did not push down to SQL (docs/QUERIES.md): records the filter of every `find` sent
 * through a connection (opened with `monitorCommands: true`: `connectMongo(url, logger, 10, { monitorCommands: true })`) and asks the server to
 * explain each. FerretDB answers `filterPushdown: false` for a filter of which no part went to SQL (a read
 * of the whole collection); MongoDB has no such field, and nothing is reported there.
 */
export interface QueryWatch {
  /** The collections and filters of the `find` commands seen so far. */
  readonly seen: { collection: string; filter: Record<string, unknown> }[];
  /** Stops recording; the filters that the server says it read whole collections for. */
  notPushedDown(): Promise<{ collection: string; filter: Record<string, unknown> }[]>;
}

interface CommandEvent {
  commandName: string;
  databaseName: string;
  command: Record<string, unknown>;
}
interface Emitter {
  on(event: 'commandStarted', listener: (e: CommandEvent) => void): unknown;
  off(event: 'commandStarted', listener: (e: CommandEvent) => void): unknown;
  db(name: string): { command(command: Record<string, unknown>): Promise<Record<string, unknown>> };
}

export function watchQueries(connection: { getClient(): unknown; name?: string }, collections?: string[]): QueryWatch {
  const client = connection.getClient() as Emitter & { options?: { monitorCommands?: boolean } };
  if (!client.options?.monitorCommands)
    throw new Error(
      'watchQueries needs a connection opened with monitorCommands: true (connectMongo(url, logger, 10, { monitorCommands: true }))',
    );
  const seen: { database: string; collection: string; filter: Record<string, unknown> }[] = [];
  const listener = (e: CommandEvent) => {
    if (e.commandName !== 'find' || typeof e.command.find !== 'string') return;
    if (collections && !collections.includes(e.command.find)) return;
    seen.push({
      database: e.databaseName,
      collection: e.command.find,
      filter: (e.command.filter as Record<string, unknown> | undefined) ?? {},
    });
  };
  client.on('commandStarted', listener);
  return {
    get seen() {
      return seen.map(({ collection, filter }) => ({ collection, filter }));
    },
    async notPushedDown() {
      client.off('commandStarted', listener);
      const distinct = new Map(seen.map((q) => [`${q.database}/${q.collection}/${JSON.stringify(q.filter)}`, q]));
      const failed: { collection: string; filter: Record<string, unknown> }[] = [];
      for (const q of distinct.values()) {
        const plan = await client
          .db(q.database)
          .command({ explain: { find: q.collection, filter: q.filter }, verbosity: 'queryPlanner' });
        if (plan.filterPushdown === false) failed.push({ collection: q.collection, filter: q.filter });
      }
      return failed;
    },
  };
}
