import { useEffect, useRef, useState } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, RadarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, RadarComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { Empty, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';

echarts.use([BarChart, LineChart, PieChart, RadarChart, GridComponent, LegendComponent, RadarComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** Whether charts can be drawn here: a real browser with a canvas (jsdom has none). */
function canDrawCharts(): boolean {
  if (typeof window === 'undefined' || typeof HTMLCanvasElement === 'undefined') return false;
  if (/jsdom/i.test(window.navigator.userAgent)) return false;
  return true;
}

/** A number a series' data point holds: `3`, `[3, 4]` (radar), `{ value: 3 }`, `['2026-04', 3]`. */
function numbersOf(point: unknown): number[] {
  if (typeof point === 'number') return [point];
  if (Array.isArray(point)) return point.flatMap(numbersOf);
  if (point && typeof point === 'object' && 'value' in point) return numbersOf((point as { value: unknown }).value);
  return [];
}

/** Whether an option has nothing to draw: no series, or every value of every series is missing or zero. */
export function chartIsEmpty(option: ChartOption): boolean {
  const series = ([] as unknown[]).concat((option as { series?: unknown }).series ?? []);
  return series.every((one) => numbersOf((one as { data?: unknown }).data ?? []).every((value) => !Number.isFinite(value) || value === 0));
}

/** A label broken into lines of at most `width` characters (radar names on a phone stay inside the chart). */
export function wrapLabel(text: string, width = 6): string {
  const chars = [...text];
  const lines: string[] = [];
  for (let i = 0; i < chars.length; i += width) lines.push(chars.slice(i, i + width).join(''));
  return lines.join('\n');
}

/**
 * A small ECharts wrapper: the chart is created once in the element, given each new option, resized with its
 * container and disposed on unmount. Where no canvas exists (tests), it says so instead of drawing; with nothing to
 * draw (no data, or all zeros) it says that in words (`emptyText`: what would fill it) instead of a bare ring or axis.
 */
export function Chart({ option, label, height = 300, testId, emptyText }: { option: ChartOption; label: string; height?: number; testId?: string; emptyText?: string }) {
  const { t } = useI18n();
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  const [canDraw] = useState(canDrawCharts);
  const empty = chartIsEmpty(option);
  const drawable = canDraw && !empty;

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

  if (empty) {
    return (
      <div role="img" aria-label={label} data-testid={testId} style={{ minHeight: Math.min(height, 160), display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText ?? t('insights.chart.empty')} />
      </div>
    );
  }
  if (!drawable) {
    return (
      <div role="img" aria-label={label} data-testid={testId}>
        <Typography.Text type="secondary">{t('insights.chartUnavailable')}</Typography.Text>
      </div>
    );
  }
  return <div ref={element} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />;
}
