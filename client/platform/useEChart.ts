import type { ECharts } from 'echarts/core';
import { useCallback, useEffect, useRef } from 'react';

/** An ECharts instance in a box: made once, resized with the box, disposed with the component. */
export function useEChart(init: (box: HTMLDivElement) => ECharts) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  // Made once: a later `init` (a new closure at each render) is not a new chart.
  const initial = useRef(init);
  useEffect(() => {
    chart.current = initial.current(box.current!);
    const resize = new ResizeObserver(() => chart.current?.resize());
    resize.observe(box.current!);
    return () => {
      resize.disconnect();
      chart.current?.dispose();
    };
  }, []);
  /** Sets the chart's option (once the chart is made: effects run in order, this hook's first). */
  const setOption = useCallback((option: Parameters<ECharts['setOption']>[0], notMerge?: boolean) => chart.current?.setOption(option, notMerge), []);
  return { box, setOption };
}
