import { PieChart } from 'echarts/charts';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect } from 'react';
import { useEChart } from '../../platform/useEChart.ts';
import { INCIDENT_COLOURS, type IncidentColour } from '../../incidents/incidentColours.ts';

// Only the pie and the canvas renderer: the wall's bundle stays small.
echarts.use([PieChart, CanvasRenderer]);

/** Open incidents by how they stand (R30): a donut in the pins' colours, the total in the middle. */
export function IncidentDonut({ counts, labels, total }: { counts: Record<IncidentColour, number>; labels: Record<IncidentColour, string>; total: number }) {
  const { box, setOption } = useEChart((el) => echarts.init(el, undefined, { renderer: 'canvas' }));
  useEffect(() => {
    const keys = Object.keys(INCIDENT_COLOURS) as IncidentColour[];
    setOption({
      animation: false,
      series: [
        {
          type: 'pie',
          radius: ['52%', '82%'],
          avoidLabelOverlap: true,
          label: { show: false },
          data: keys
            .filter((k) => counts[k] > 0)
            .map((k) => ({ name: labels[k], value: counts[k], itemStyle: { color: `rgb(${INCIDENT_COLOURS[k].join(',')})` } })),
        },
      ],
    });
  }, [counts, labels, setOption]);
  return (
    <div className="incident-donut" data-testid="incident-donut">
      <div ref={box} className="donut-chart" />
      <span className="donut-total" data-testid="donut-total">
        {total}
      </span>
    </div>
  );
}
