import * as echarts from 'echarts';
import { useEffect } from 'react';
import { useEChart } from '../../platform/useEChart.ts';

export interface TrendSeries {
  name: string;
  days: { day: string; completion: number | null }[];
  highlight?: boolean;
}

/** Key-target 双巡 completion per day (R32), one line per squad; ECharts, the convention of Chinese dashboards. */
export function TrendChart({ series }: { series: TrendSeries[] }) {
  const { box, setOption } = useEChart((el) => echarts.init(el, 'dark', { renderer: 'canvas' }));
  useEffect(() => {
    const days = series[0]?.days.map((d) => d.day.slice(5)) ?? [];
    setOption(
      {
        backgroundColor: 'transparent',
        grid: { left: 40, right: 12, top: 28, bottom: 24 },
        legend: { type: 'scroll', top: 0, textStyle: { fontSize: 11 } },
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${Math.round(v * 100)}%` },
        xAxis: { type: 'category', data: days },
        yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
        series: series.map((s) => ({
          name: s.name,
          type: 'line',
          showSymbol: false,
          data: s.days.map((d) => d.completion),
          lineStyle: { width: s.highlight ? 3 : 1.2 },
        })),
      },
      true,
    );
  }, [series, setOption]);
  return <div ref={box} className="trend" data-testid="trend" />;
}
