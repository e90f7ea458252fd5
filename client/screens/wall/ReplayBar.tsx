import { formatHourMinute } from '../../platform/format.ts';
import { useEffect, useState } from 'react';
import { type ReplayFrame, replay } from '../../../shared/replay/contract.ts';
import { addDays, dayRange } from '../../../shared/core/time.ts';
import { call } from '../../platform/api.ts';

export type { ReplayFrame };

/** Five minutes of the day a second while playing: a whole day in under five minutes. */
const STEP_MS = 5 * 60_000;
const hhmm = formatHourMinute;

/** The last moment of a day to replay: a minute before its end, or now for today. */
const endOf = (day: string) => Math.min(Date.now(), dayRange(day).end.getTime() - 60_000);

/** How far back the wall replays: the heat map and blind spots look a month back too. */
const REPLAY_DAYS = 30;

/**
 * Replay of today or an earlier day (回放, R30): a day, a slider over it and a play button; the frame at
 * the chosen moment (workers and trails, passes so far, incidents in their state then) replaces the live
 * picture.
 */
export function ReplayBar({
  day,
  onDay,
  today,
  at,
  onAt,
  onFrame,
  labels,
}: {
  day: string;
  onDay: (day: string) => void;
  today: string;
  at: number | null;
  onAt: (at: number | null) => void;
  onFrame: (f: ReplayFrame | null) => void;
  labels: { replay: string; live: string; play: string; pause: string; day: string };
}) {
  const [playing, setPlaying] = useState(false);
  const start = dayRange(day).start.getTime();
  const end = endOf(day);

  useEffect(() => {
    if (at === null) return onFrame(null);
    let stop = false;
    const t = setTimeout(() => {
      call(replay.at, { query: { date: day, at: new Date(at).toISOString() } })
        .then((f) => !stop && onFrame(f))
        .catch(() => undefined);
    }, 150); // while the slider moves, only where it stops
    return () => {
      stop = true;
      clearTimeout(t);
    };
  }, [at, day, onFrame]);

  useEffect(() => {
    if (!playing || at === null) return;
    const id = setInterval(() => {
      const last = endOf(day);
      const next = Math.min(last, at + STEP_MS);
      onAt(next);
      if (next >= last) setPlaying(false);
    }, 1000);
    return () => clearInterval(id);
  }, [playing, at, day, onAt]);

  return (
    <aside className="panel panel-replay" data-testid="replay">
      {at === null ? (
        <button type="button" onClick={() => onAt(Math.max(start, Date.now() - 60 * 60_000))} data-testid="replay-start">
          {labels.replay}
        </button>
      ) : (
        <>
          <input
            type="date"
            value={day}
            min={addDays(today, -REPLAY_DAYS)}
            max={today}
            aria-label={labels.day}
            data-testid="replay-day"
            onChange={(e) => {
              const d = e.target.value;
              if (!d || d > today || d < addDays(today, -REPLAY_DAYS)) return;
              setPlaying(false);
              onDay(d);
              // An earlier day from its morning; today from an hour ago.
              onAt(d === today ? Math.max(dayRange(d).start.getTime(), Date.now() - 60 * 60_000) : dayRange(d).start.getTime() + 8 * 3_600_000);
            }}
          />
          <button type="button" onClick={() => setPlaying(!playing)} data-testid="replay-play">
            {playing ? labels.pause : labels.play}
          </button>
          <input
            type="range"
            min={start}
            max={end}
            step={60_000}
            value={at}
            onChange={(e) => onAt(Number(e.target.value))}
            aria-label={labels.replay}
            data-testid="replay-slider"
          />
          <strong data-testid="replay-time">{hhmm(at)}</strong>
          <button
            type="button"
            onClick={() => {
              setPlaying(false);
              onDay(today);
              onAt(null);
            }}
            data-testid="replay-stop"
          >
            {labels.live}
          </button>
        </>
      )}
    </aside>
  );
}
