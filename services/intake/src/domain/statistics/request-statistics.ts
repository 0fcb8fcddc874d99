import { DomainError, type channel } from '@carelink/contracts';
import { placeOf, type PolicyPack } from '@carelink/policy';
import type { z } from 'zod';

/** The channels a request comes in through, named as the county reads them. */
export const CHANNEL_NAMES: Record<z.infer<typeof channel>, string> = {
  window: '窗口受理',
  online: '网上申请',
  proactive: '主动发现',
  chatbot: '智能客服',
  ivr: '热线语音',
};

/** What the county's dashboard counts of a request: where it came in, and from which township. */
export interface CountedRequest {
  channel: string;
  township: string;
  status: string;
}

export interface RequestStatistics {
  total: number;
  /** Requests still open (not decided yet). */
  open: number;
  /** Each channel with its name. */
  byChannel: { channel: string; name: string | null; count: number }[];
  /** Each township with its name in the region's pack (null when the pack does not name it). */
  byTownship: { township: string; name: string | null; count: number; byChannel: Record<string, number> }[];
}

/**
 * Requests counted by channel and by township, each named beside its code (townships by the region's pack);
 * computed here: no $group on FerretDB. Busiest first.
 */
export function requestStatistics(requests: readonly CountedRequest[], pack?: PolicyPack): RequestStatistics {
  const channels = new Map<string, number>();
  const townships = new Map<string, { count: number; byChannel: Record<string, number> }>();
  let open = 0;
  for (const r of requests) {
    channels.set(r.channel, (channels.get(r.channel) ?? 0) + 1);
    const t = townships.get(r.township) ?? { count: 0, byChannel: {} };
    t.count++;
    t.byChannel[r.channel] = (t.byChannel[r.channel] ?? 0) + 1;
    townships.set(r.township, t);
    if (r.status !== 'decided') open++;
  }
  return {
    total: requests.length,
    open,
    byChannel: [...channels]
      .map(([channel, count]) => ({
        channel,
        name: CHANNEL_NAMES[channel as keyof typeof CHANNEL_NAMES] ?? null,
        count,
      }))
      .sort((a, b) => b.count - a.count || a.channel.localeCompare(b.channel)),
    byTownship: [...townships]
      .map(([township, t]) => ({
        township,
        name: (pack && placeOf(pack, township)?.township.name) ?? null,
        ...t,
      }))
      .sort((a, b) => b.count - a.count || a.township.localeCompare(b.township)),
  };
}

/** The months from `from` to `to` (YYYY-MM, both included), at most `max` of them. */
export function monthsBetween(from: string, to: string, max = 12): string[] {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  const count = (ty - fy) * 12 + (tm - fm) + 1;
  if (count < 1)
    throw DomainError.invalid('invalid_range', `from ${from} is after to ${to}`, '开始月份不能晚于结束月份');
  if (count > max)
    throw DomainError.invalid('range_too_long', `at most ${max} months at once`, `一次最多统计${max}个月`);
  return Array.from({ length: count }, (_, i) => {
    const m = fm - 1 + i;
    return `${fy + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  });
}
