/**
 * Apache ECharts as the figures pages use it: the core with only the charts, components and
 * renderer they draw with (a smaller bundle than the whole library). Loaded in the browser only
 * (FigureChart imports this module in onMount).
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, MarkLineComponent, LegendComponent, CanvasRenderer]);

export { echarts };
