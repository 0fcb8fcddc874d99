import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { prefersReducedMotion } from '../../components/reduced-motion';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  TitleComponent,
  AriaComponent,
  CanvasRenderer,
]);

/**
 * One chart of the county's dashboard (ECharts, only the parts drawn here; this module is loaded with the
 * dashboard alone). `label` names it for screen readers; ECharts' aria adds a description of the data.
 */
export default function Chart({
  option,
  label,
  testId,
  height = 320,
}: {
  option: Record<string, unknown>;
  label: string;
  testId?: string;
  height?: number;
}) {
  return (
    <div role="img" aria-label={label} data-testid={testId}>
      <ReactEChartsCore
        echarts={echarts}
        option={{ aria: { enabled: true }, animation: !prefersReducedMotion(), ...option }}
        notMerge
        lazyUpdate
        style={{ height, width: '100%' }}
      />
    </div>
  );
}
