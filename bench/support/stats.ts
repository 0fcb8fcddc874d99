/**
 * Small helpers shared by the benches: settings from the environment, percentiles, the machine's context
 * and open-loop pacing.
 */
import os from 'node:os';

/** A numeric setting from the environment, or the default; a value that is not a number stops the bench. */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not '${raw}'`);
  return value;
}

/** The p-th percentile (nearest rank) of ascending values. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface Distribution {
  count: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

/** Count, p50, p99 and max of durations in milliseconds (nulls when there are none). */
export function distribution(values: number[]): Distribution {
  if (values.length === 0) return { count: 0, p50: null, p99: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: Math.round(percentile(sorted, 50)),
    p99: Math.round(percentile(sorted, 99)),
    max: Math.round(sorted[sorted.length - 1]!),
  };
}

/** a / b rounded, or null when either is missing or b is 0. */
export function ratio(a: number | null | undefined, b: number | null | undefined, digits = 2): number | null {
  if (a == null || b == null || b === 0) return null;
  return Number((a / b).toFixed(digits));
}

export const round = (value: number, digits = 1) => Number(value.toFixed(digits));

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The 1, 5 and 15 minute load averages, rounded. */
export function loadAverage(): number[] {
  return os.loadavg().map((l) => round(l, 2));
}

/** What the numbers were measured on. */
export function machineContext() {
  return {
    nproc: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30),
    freeMemoryGiB: round(os.freemem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}

/** Load average at the start and end of a phase, beside the phase's figures. */
export class PhaseClock {
  readonly loadAtStart = loadAverage();
  readonly startedAt = Date.now();
  loadAtEnd: number[] = [];
  seconds = 0;

  end(): { loadAverageStart: number[]; loadAverageEnd: number[]; wallSeconds: number } {
    this.loadAtEnd = loadAverage();
    this.seconds = round((Date.now() - this.startedAt) / 1000);
    return { loadAverageStart: this.loadAtStart, loadAverageEnd: this.loadAtEnd, wallSeconds: this.seconds };
  }
}

/**
 * Open loop: calls `fire(i)` for i = 0 … count-1 at `perSecond`, each at its own time measured from the
 * start (absolute schedule, so one late tick does not push the rest back), never waiting for what an
 * earlier call started. Returns how late the calls were fired (ms), to show whether the client kept pace.
 */
export async function openLoop(count: number, perSecond: number, fire: (i: number) => void): Promise<number[]> {
  const start = performance.now();
  const interval = 1000 / perSecond;
  const lateness: number[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    lateness.push(Math.max(0, performance.now() - due));
    fire(i);
  }
  return lateness;
}
