import { BarChart, FunnelChart, LineChart, PieChart } from 'echarts/charts';
import type { BarSeriesOption, FunnelSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import type {
  AriaComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import { init, use } from 'echarts/core';
import type { ComposeOption, EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { CSSProperties } from 'react';
import type { Language } from '../api/types';

// Only what the app's charts (recovery report, CRM reports) use, so the chunk stays small. The SVG renderer draws plain elements (no inline scripts,
// nothing the CSP refuses) and stays sharp when zoomed or printed.
use([
  BarChart,
  FunnelChart,
  LineChart,
  PieChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  SVGRenderer,
]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | FunnelSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | AriaComponentOption
  | GridComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>;

const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

interface EChartProps {
  option: ChartOption;
  language: Language;
  height: number;
  /** Opens the description ECharts writes into the element's aria-label (its aria component describes the data). */
  label: string;
  testId?: string;
  style?: CSSProperties;
}

/** One ECharts instance per mounted element: created on mount (and on a language change), resized with its box, disposed on unmount. */
export function EChart({ option, language, height, label, testId, style }: EChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    const container = element.current;
    if (!container) return undefined;
    const instance = init(container, undefined, { renderer: 'svg', locale: language === 'zh-CN' ? 'ZH' : 'EN' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(container);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [language]);

  useEffect(() => {
    chart.current?.setOption(
      {
        animation: !reducedMotion(),
        aria: { enabled: true, label: { general: { withoutTitle: `${label}. ` } } },
        ...option,
      },
      { notMerge: true },
    );
  }, [option, language, label]);

  return <div ref={element} role="img" data-testid={testId} style={{ width: '100%', height, ...style }} />;
}
