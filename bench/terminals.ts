// Phones for the door benchmarks (bench/phones.ts, bench/profile.ts): registered terminals, and the request
// each door takes for one fix, as Traccar Client (OsmAnd, query or JSON form) or the field app (native) sends it.
import type autocannon from 'autocannon';

export const DOORS = ['osmandQuery', 'osmandJson', 'native'] as const;
export type Door = (typeof DOORS)[number];

/**
 * The next fix of each terminal, round robin: a terminal's fixes 1 s apart, to and fro at 36 km/h, from
 * half an hour ago (today's, as live phones send: not a backlog of finished days). `live`: each fix taken
 * now instead, as phones sending in real time (a long run, whose trails and live picture are the real ones).
 */
export function fixSource(ids: string[], live = false) {
  const start = Date.now() - 30 * 60_000;
  const step = new Array<number>(ids.length).fill(0);
  const last = new Array<number>(ids.length).fill(0);
  let cursor = 0;
  return () => {
    const d = cursor++ % ids.length;
    const i = step[d]!;
    step[d] = i + 1;
    const t = live ? Math.max(last[d]! + 1000, Math.floor(Date.now() / 1000) * 1000) : start + i * 1000;
    last[d] = t;
    return {
      d,
      id: ids[d]!,
      t,
      lat: 34.97 + (d % 10) * 0.006 + Math.abs((i % 800) - 400) * 0.00009,
      lon: 117.06 + (Math.floor(d / 10) % 20) * 0.006,
    };
  };
}

export const osmandQuery = (f: ReturnType<ReturnType<typeof fixSource>>) =>
  `/api/osmand?id=${f.id}&lat=${f.lat.toFixed(6)}&lon=${f.lon.toFixed(6)}&timestamp=${f.t / 1000}&accuracy=5&speed=10&batt=80`;

export function doorRequest(door: Door, next: ReturnType<typeof fixSource>, tokens: string[]): autocannon.Request['setupRequest'] {
  return (req) => {
    const f = next();
    if (door === 'osmandQuery') return { ...req, method: 'POST', path: osmandQuery(f) };
    if (door === 'osmandJson')
      return {
        ...req,
        method: 'POST',
        path: '/api/osmand',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          device_id: f.id,
          location: { timestamp: new Date(f.t).toISOString(), coords: { latitude: f.lat, longitude: f.lon, accuracy: 5, speed: 10 }, battery: { level: 0.8 } },
        }),
      };
    return {
      ...req,
      method: 'POST',
      path: '/api/positions',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[f.d]}` },
      body: JSON.stringify({ fixes: [{ deviceTime: new Date(f.t).toISOString(), lat: f.lat, lon: f.lon, accuracy: 5, speed: 10 }] }),
    };
  };
}

/**
 * `n` terminals registered, one a worker as in the field: workers are hired for the terminals the demo's
 * 137 cannot take (several phones of one worker would make one track jump between them, which no town has).
 */
export async function registerTerminals(base: string, cookie: string, prefix: string, n: number) {
  const json = { cookie, 'content-type': 'application/json' };
  const workers = (await (await fetch(`${base}/api/workers`, { headers: { cookie } })).json()) as { id: number; squadId: number }[];
  const hiredOn = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10); // today in Asia/Shanghai
  for (let i = workers.length; i < n; i++) {
    const r = await fetch(`${base}/api/workers`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: `压测${i}`, phone: `139${String(i).padStart(8, '0')}`, squadId: workers[0]!.squadId, hiredOn }),
    });
    if (r.status !== 201) throw new Error(`hiring a worker for terminal ${i}: ${r.status} ${await r.text()}`);
    workers.push((await r.json()) as { id: number; squadId: number });
  }
  const ids: string[] = [];
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await fetch(`${base}/api/devices`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ uniqueId: `PH-${prefix}-${i}`, workerId: workers[i]!.id }),
    });
    const d = (await r.json()) as { uniqueId: string; token: string };
    ids.push(d.uniqueId);
    tokens.push(d.token);
  }
  return { ids, tokens };
}
