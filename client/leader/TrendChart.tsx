import * as echarts from 'echarts';
import { useEffect, useRef } from 'react';

export interface TrendSeries {
  name: string;
  days: { day: string; completion: number | null }[];
  highlight?: boolean;
}

/** Key-target 双巡 completion per day (R32), one line per squad; ECharts, the convention of Chinese dashboards. */
export function TrendChart({ series }: { series: TrendSeries[] }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    chart.current = echarts.init(box.current!, 'dark', { renderer: 'canvas' });
    const resize = new ResizeObserver(() => chart.current?.resize());
    resize.observe(box.current!);
    return () => {
      resize.disconnect();
      chart.current?.dispose();
    };
  }, []);
  useEffect(() => {
    const days = series[0]?.days.map((d) => d.day.slice(5)) ?? [];
    chart.current?.setOption(
      {
        backgroundColor: 'transparent',
        grid: { left: 40, right: 12, top: 28, bottom: 24 },
        legend: { type: 'scroll', top: 0, textStyle: { fontSize: 11 } },
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${Math.round(v * 100)}%` },
        xAxis: { type: 'category', data: days },
        yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
        series: series.map((s) => ({ name: s.name, type: 'line', showSymbol: false, data: s.days.map((d) => d.completion), lineStyle: { width: s.highlight ? 3 : 1.2 } })),
      },
      true,
    );
  }, [series]);
  return <div ref={box} className="trend" data-testid="trend" />;
}
