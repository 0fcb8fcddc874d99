import dayjs from 'dayjs';
import { BarChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import { useLocale } from '../../i18n/locale';
import { CALL_OUTCOMES, type CallOutcome, type CallRecordView } from './hotline-api';
import { prefersReducedMotion } from '../../components/reduced-motion';

echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

const COLORS: Record<CallOutcome, string> = {
  applied: '#389e0d',
  complained: '#d4380d',
  status_read: '#1456b8',
  operator: '#722ed1',
  abandoned: '#8c8c8c',
  in_progress: '#d4b106',
};

/**
 * The hotline's calls of the period: per day, stacked by how they ended, and the share of each outcome. Loaded
 * only with the calls page (ECharts stays out of the other pages' code).
 */
export default function CallsChart({ calls, from, to }: { calls: CallRecordView[]; from: string; to?: string }) {
  const { m } = useLocale();
  const option = useMemo(() => {
    const last = to ?? dayjs().format('YYYY-MM-DD');
    const days: string[] = [];
    for (let d = dayjs(from); !d.isAfter(dayjs(last)) && days.length < 366; d = d.add(1, 'day'))
      days.push(d.format('YYYY-MM-DD'));
    const counts = new Map<string, number>();
    const totals: Record<string, number> = {};
    for (const c of calls) {
      const o = c.outcome ?? 'in_progress';
      const key = `${dayjs(c.startedAt).format('YYYY-MM-DD')}|${o}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      totals[o] = (totals[o] ?? 0) + 1;
    }
    const label = (o: CallOutcome) => m.hotline.calls.outcomes[o] ?? o;
    return {
      aria: { enabled: true },
      color: CALL_OUTCOMES.map((o) => COLORS[o]),
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, data: CALL_OUTCOMES.map(label) },
      grid: { left: 40, right: '34%', top: 40, bottom: 30 },
      xAxis: { type: 'category', data: days.map((d) => d.slice(5)) },
      yAxis: { type: 'value', minInterval: 1, name: m.hotline.calls.chartCalls },
      series: [
        ...CALL_OUTCOMES.map((o) => ({
          name: label(o),
          type: 'bar',
          stack: 'calls',
          data: days.map((d) => counts.get(`${d}|${o}`) ?? 0),
        })),
        {
          name: m.hotline.calls.chartShare,
          type: 'pie',
          radius: ['30%', '55%'],
          center: ['83%', '55%'],
          tooltip: { trigger: 'item' },
          label: { formatter: '{b}\n{c}' },
          data: CALL_OUTCOMES.filter((o) => totals[o]).map((o) => ({
            name: label(o),
            value: totals[o],
            itemStyle: { color: COLORS[o] },
          })),
        },
      ],
    };
  }, [calls, from, to, m]);
  return (
    <div role="img" aria-label={m.hotline.calls.chartTitle} data-testid="calls-chart">
      <ReactEChartsCore
        echarts={echarts}
        option={{ animation: !prefersReducedMotion(), ...option }}
        notMerge
        style={{ height: 300 }}
      />
    </div>
  );
}
