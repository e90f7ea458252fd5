import type { ECharts } from 'echarts/core';
import { useEffect, useRef } from 'react';

/** An ECharts instance in a box: made once, resized with the box, disposed with the component. */
export function useEChart(init: (box: HTMLDivElement) => ECharts) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  useEffect(() => {
    chart.current = init(box.current!);
    const resize = new ResizeObserver(() => chart.current?.resize());
    resize.observe(box.current!);
    return () => {
      resize.disconnect();
      chart.current?.dispose();
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  return { box, chart };
}
