import { useEffect, useRef, useState } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, RadarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, RadarComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';

echarts.use([BarChart, LineChart, PieChart, RadarChart, GridComponent, LegendComponent, RadarComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** Whether charts can be drawn here: a real browser with a canvas (jsdom has none). */
function canDrawCharts(): boolean {
  if (typeof window === 'undefined' || typeof HTMLCanvasElement === 'undefined') return false;
  if (/jsdom/i.test(window.navigator.userAgent)) return false;
  return true;
}

/**
 * A small ECharts wrapper: the chart is created once in the element, given each new option, resized with its
 * container and disposed on unmount. Where no canvas exists (tests), it says so instead of drawing.
 */
export function Chart({ option, label, height = 300, testId }: { option: ChartOption; label: string; height?: number; testId?: string }) {
  const { t } = useI18n();
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  const [drawable] = useState(canDrawCharts);

  useEffect(() => {
    const node = element.current;
    if (!node || !drawable) return;
    let instance: ReturnType<typeof echarts.init>;
    try {
      instance = echarts.init(node);
    } catch {
      return;
    }
    chart.current = instance;
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => instance.resize());
    observer?.observe(node);
    return () => {
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [drawable]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option, drawable]);

  if (!drawable) {
    return (
      <div role="img" aria-label={label} data-testid={testId}>
        <Typography.Text type="secondary">{t('insights.chartUnavailable')}</Typography.Text>
      </div>
    );
  }
  return <div ref={element} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />;
}
