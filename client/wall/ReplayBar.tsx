import { useEffect, useState } from 'react';
import type { PassStatus } from '../../shared/coverage.ts';
import type { IncidentSummary } from '../../shared/incidents.ts';
import type { LiveWorker } from '../../shared/live.ts';
import { dayRange } from '../../shared/time.ts';
import { api } from '../api.ts';

export interface ReplayFrame {
  at: string;
  workers: LiveWorker[];
  targets: { id: number; passes: number; status: PassStatus }[];
  cells: { id: number; passes: number; status: PassStatus }[];
  incidents: IncidentSummary[];
}

/** Five minutes of the day a second while playing: a whole day in under five minutes. */
const STEP_MS = 5 * 60_000;
const hhmm = (t: number) => new Date(t).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });

/**
 * Replay of today (回放, R30): a slider over the day and a play button; the frame at the chosen moment
 * (workers and trails, passes so far, incidents in their state then) replaces the live picture.
 */
export function ReplayBar({ day, at, onAt, onFrame, labels }: {
  day: string;
  at: number | null;
  onAt: (at: number | null) => void;
  onFrame: (f: ReplayFrame | null) => void;
  labels: { replay: string; live: string; play: string; pause: string };
}) {
  const [playing, setPlaying] = useState(false);
  const start = dayRange(day).start.getTime();

  useEffect(() => {
    if (at === null) return onFrame(null);
    let stop = false;
    const t = setTimeout(() => {
      api<ReplayFrame>(`/replay?date=${day}&at=${encodeURIComponent(new Date(at).toISOString())}`)
        .then((f) => !stop && onFrame(f))
        .catch(() => undefined);
    }, 150); // while the slider moves, only where it stops
    return () => {
      stop = true;
      clearTimeout(t);
    };
  }, [at, day]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!playing || at === null) return;
    const id = setInterval(() => {
      const next = Math.min(Date.now(), at + STEP_MS);
      onAt(next);
      if (next >= Date.now()) setPlaying(false);
    }, 1000);
    return () => clearInterval(id);
  }, [playing, at]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <aside className="panel panel-replay" data-testid="replay">
      {at === null ? (
        <button type="button" onClick={() => onAt(Math.max(start, Date.now() - 60 * 60_000))} data-testid="replay-start">{labels.replay}</button>
      ) : (
        <>
          <button type="button" onClick={() => setPlaying(!playing)} data-testid="replay-play">{playing ? labels.pause : labels.play}</button>
          <input type="range" min={start} max={Date.now()} step={60_000} value={at} onChange={(e) => onAt(Number(e.target.value))} aria-label={labels.replay} data-testid="replay-slider" />
          <strong data-testid="replay-time">{hhmm(at)}</strong>
          <button type="button" onClick={() => (setPlaying(false), onAt(null))} data-testid="replay-stop">{labels.live}</button>
        </>
      )}
    </aside>
  );
}
