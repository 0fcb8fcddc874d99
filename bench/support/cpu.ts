/**
 * Where the machine's CPU goes during a phase: CPU time (user + system, from /proc) of each process that
 * serves the platform — the six services, FerretDB, the PostgreSQL processes, Kafka, Redis — and the
 * benchmark itself, read before and after. Divided by the work done, it gives CPU milliseconds per request,
 * the figure that decides throughput on a small machine that runs everything.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TICKS_PER_SECOND = 100;

/** CPU milliseconds a process used so far (0 when it is gone). */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND; // utime, stime
  } catch {
    return 0;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

function pidFile(path: string): number | undefined {
  try {
    return Number(readFileSync(path, 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

/** Process groups by name: services by their child pids, servers by pid files or command lines. */
export function platformProcesses(services: Map<string, number | undefined>, dataDir: string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const [name, pid] of services) if (pid) groups.set(name, [pid]);
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
  const byCommand = (pattern: RegExp) => all.filter((pid) => pattern.test(commandOf(pid)));
  groups.set(
    'ferretdb',
    [pidFile(join(dataDir, 'ferretdb.pid')) ?? byCommand(/ferretdb --/)[0]].filter(Boolean) as number[],
  );
  groups.set(
    'kafka',
    [pidFile(join(dataDir, 'kafka.pid')) ?? byCommand(/kafka\.Kafka /)[0]].filter(Boolean) as number[],
  );
  groups.set(
    'redis',
    [pidFile(join(dataDir, 'redis.pid')) ?? byCommand(/redis-server/)[0]].filter(Boolean) as number[],
  );
  groups.set('postgresql', byCommand(/^postgres/));
  groups.set('bench', [process.pid]);
  return groups;
}

export class CpuMeter {
  private readonly start = new Map<string, number>();

  constructor(private readonly groups: () => Map<string, number[]>) {
    for (const [name, pids] of groups()) this.start.set(name, sum(pids.map(cpuMsOf)));
  }

  /** CPU ms used by each group since the meter started (PostgreSQL backends that came and went are missed). */
  used(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, pids] of this.groups())
      out[name] = Math.round(sum(pids.map(cpuMsOf)) - (this.start.get(name) ?? 0));
    return out;
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
