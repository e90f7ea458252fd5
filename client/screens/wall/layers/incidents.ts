import { useMemo } from 'react';
import { INCIDENT_COLOURS } from '../../../incidents/incidentColours.ts';
import { incidentClusterCountLayer } from '../../../incidents/incidentClusterCountLayer.ts';
import { incidentClusterLayer } from '../../../incidents/incidentClusterLayer.ts';
import { incidentClusters } from '../../../incidents/incidentClusters.ts';
import { incidentLayer } from '../../../incidents/incidentLayer.ts';
import { incidentPulseLayer } from '../../../incidents/incidentPulseLayer.ts';
import { useIncidents } from '../../../incidents/useIncidents.ts';
import { useWallNow } from './liveWorkers.ts';
import { wallLayer } from './types.ts';

/** How big a pin is on the wall. */
export const pinPx = (rem: number) => Math.max(5, rem * 0.5);

/**
 * The open incidents as pins in their colours (R30); pins that would overlap at this zoom become a cluster
 * with a count, zooming in splits them; a new pin pulses for five minutes (in a cluster, at the cluster).
 */
export const incidents = wallLayer({
  id: 'incidents',
  label: 'incidents',
  overlay: 'live',
  toggle: { order: 0, on: true },
  legend: (_, t) => ({
    title: t('incidents'),
    className: 'legend-pins',
    dot: true,
    items: (['new', 'working', 'warning', 'overdue', 'handled'] as const).map((k) => ({
      key: k,
      colour: INCIDENT_COLOURS[k],
      label: t(`pin${k[0]!.toUpperCase()}${k.slice(1)}` as 'pinNew'),
    })),
  }),
  useData: ({ frame, zoom, rem }) => {
    const live = useIncidents();
    // The pulse advances with the live picture: its phase is taken when the picture is redrawn.
    const pictureAt = useWallNow(frame);
    const px = pinPx(rem);
    const view = useMemo(() => incidentClusters(frame ? frame.incidents : live.list, Math.floor(zoom), px * 2.5), [frame, live.list, zoom, px]);
    return useMemo(() => {
      const { pins, clusters } = view;
      const pulsing = [...pins, ...clusters.flatMap((c) => c.members.map((i) => ({ ...i, lon: c.lon, lat: c.lat })))];
      return { pins, clusters, pulsing, firstSeen: live.firstSeen, version: frame ? Date.parse(frame.at) : live.version, now: Date.now(), pictureAt };
    }, [view, live.firstSeen, live.version, frame, pictureAt]);
  },
  layers: ({ pins, clusters, pulsing, firstSeen, version, now }, { on, rem, frame }) => {
    if (!on) return [];
    const px = pinPx(rem);
    return [
      ...(frame ? [] : [incidentPulseLayer(pulsing, firstSeen, now, px)]),
      incidentLayer(pins, px, version),
      incidentClusterLayer(clusters, px),
      incidentClusterCountLayer(clusters, px),
    ];
  },
});
