// The floors the phones benchmark quotes its doors against (bench/phones.ts), each in its own process as the
// server is: `bare` — a node:http server that parses the OsmAnd query string and answers 200; `insert` —
// the same plus one single-row INSERT per request into the database, answered after it.
// Usage: tsx bench/floor.ts <port> bare | insert <postgres-url | pglite-data-dir>
import { createServer } from 'node:http';
import type { Db } from '../server/platform/db/index.ts';

const [port, mode, where] = process.argv.slice(2);
let db: Db | null = null;
if (mode === 'insert') {
  if (where!.startsWith('postgres')) {
    const { openPostgres } = await import('../server/platform/db/postgres.ts');
    db = await openPostgres(where!);
  } else {
    const { openPglite } = await import('../server/platform/db/pglite.ts');
    db = await openPglite(where!);
  }
  await db.exec(`CREATE EXTENSION IF NOT EXISTS postgis;
    DROP TABLE IF EXISTS floor_positions;
    CREATE TABLE floor_positions (device text, fix_time timestamptz, lat float8, lon float8, geom geometry(Point, 4326), PRIMARY KEY (device, fix_time))`);
}

createServer((req, res) => {
  const q = new URLSearchParams(req.url!.slice(req.url!.indexOf('?') + 1));
  const lat = Number(q.get('lat'));
  const lon = Number(q.get('lon'));
  const fixTime = new Date(Number(q.get('timestamp')) * 1000);
  if (!db) return res.end();
  db.query('INSERT INTO floor_positions VALUES ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($4, $3), 4326)) ON CONFLICT DO NOTHING', [
    q.get('id'),
    fixTime,
    lat,
    lon,
  ]).then(
    () => res.end(),
    (err) => {
      res.statusCode = 500;
      res.end(String(err));
    },
  );
}).listen(Number(port), '127.0.0.1', () => console.log('ready'));
