// Writes BENCHMARKS.md from bench/results/*.json: each benchmark's figures beside its baseline from the
// same run, with the machine, date and commit. `npm run bench` runs it last; `npx tsx bench/report.ts`
// rewrites it from the results already there.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

// The results are what the benchmark scripts wrote; each section reads the fields it shows.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;
const read = (name: string): J | null => (existsSync(`bench/results/${name}.json`) ? JSON.parse(readFileSync(`bench/results/${name}.json`, 'utf8')) : null);
const commit = (() => {
  try {
    return execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const ratio = (a: number, b: number) => (b ? `${(a / b).toFixed(2)}×` : '–');
const when = (r: J) => `${r.date.slice(0, 16).replace('T', ' ')} UTC, ${r.machine}`;
const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

const out: string[] = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench\` (\`bench/report.ts\`) at commit \`${commit}\`. Each figure stands beside a baseline measured in the same run on the same machine, so that a ratio can be quoted on a noisy machine. Set \`BENCH_DATABASE_URL=postgres://…\` (a PostgreSQL with PostGIS) for the PostgreSQL figures and the city.`,
  '',
];

const ingest = read('ingest');
if (ingest) {
  out.push(
    '## Ingest (`npm run bench:ingest`)',
    '',
    `${when(ingest)}. ${ingest.devices} terminals sending batches through the native door of a server process for ${ingest.phaseSeconds} s per rate; latency from sending to the socket.io delta reaching a wall. Baseline: the same rows as plain multi-row INSERTs straight into the database (no HTTP, no filters, no live state).`,
    '',
  );
  for (const backend of ['pglite', 'postgres'] as const) {
    const phases: J[] = ingest[backend] ?? [];
    const base = ingest[`${backend}Baseline`];
    if (!phases.length) continue;
    out.push(`**${backend === 'pglite' ? 'Embedded PGlite' : 'PostgreSQL'}** — baseline ${base} rows/s`, '');
    out.push(
      table(
        ['target fixes/s', 'stored fixes/s', 'of baseline', 'send→wall p50 / p99 ms', 'server RSS MB'],
        phases.map((p) => [p.target, p.fixesPerS, ratio(p.fixesPerS, base), `${p.p50ms} / ${p.p99ms}`, p.rssMB]),
      ),
      '',
    );
  }
}

const phones = read('phones');
if (phones) {
  out.push(
    '## Phones, one fix a request (`npm run bench:phones`)',
    '',
    `${when(phones)}. ${phones.devices} terminals over ${phones.connections} keep-alive connections (autocannon, on the same machine), ${phones.phaseSeconds} s per door after a warm-up; a request is answered once its fix is stored, so answered/s is stored/s. Floors in the same run: a bare \`node:http\` server parsing the same query string (${phones.bare.requestsPerS}/s), and the same with one INSERT a request into the same database.`,
    '',
  );
  for (const backend of ['pglite', 'postgres'] as const) {
    const doors: J[] = phones[backend] ?? [];
    const insert = phones[`${backend}Insert`];
    if (!doors.length) continue;
    out.push(`**${backend === 'pglite' ? 'Embedded PGlite' : 'PostgreSQL'}** — one INSERT a request: ${insert.requestsPerS}/s (p99 ${insert.p99ms} ms)`, '');
    out.push(
      table(
        ['door', 'stored/s', 'p50 / p99 ms', 'of bare node:http', 'of one INSERT a request', 'non-2xx', 'server RSS MB'],
        doors.map((d) => [
          d.door,
          d.requestsPerS,
          `${d.p50ms} / ${d.p99ms}`,
          ratio(d.requestsPerS, phones.bare.requestsPerS),
          ratio(d.requestsPerS, insert.requestsPerS),
          d.non2xx + d.errors,
          d.rssMB,
        ]),
      ),
      '',
    );
  }
}

const field = read('field');
if (field) {
  out.push(
    '## The field app on a phone (`npx tsx bench/field.ts`, after a build)',
    '',
    `${field.date.slice(0, 16).replace('T', ' ')} UTC, Chromium with ${field.profile}: the JavaScript a first load transfers (gzip) until the page is usable, beside the wall's measured the same way. Budget for /field: ${field.budgetKB} kB.`,
    '',
    table(
      ['screen', 'JS transferred (gzip)', 'scripts', 'time to usable'],
      [
        ['/field', `${field.field.jsKB} kB`, field.field.scripts, `${(field.field.ms / 1000).toFixed(1)} s`],
        ['/wall (baseline)', `${field.wall.jsKB} kB`, field.wall.scripts, `${(field.wall.ms / 1000).toFixed(1)} s`],
      ],
    ),
    '',
  );
}

const coverage = read('coverage');
if (coverage) {
  const l = coverage.live;
  const n = coverage.naiveTurf;
  out.push('## Coverage (`npm run bench:coverage`)', '', `${when(coverage)}.`, '');
  out.push(
    table(
      ['measure', 'figure', 'baseline', 'ratio'],
      [
        [
          `live engine, ${l.fixes} fixes × (${l.targets} targets + ${l.cells} road cells)`,
          `${l.usPerFix} µs/fix (${l.fixesPerS}/s)`,
          `naive Turf loop: ${n.usPerFix} µs/fix`,
          `${ratio(n.usPerFix, l.usPerFix)} faster`,
        ],
        ...(['pgliteTownDay', 'postgresTownDay'] as const)
          .filter((k) => coverage[k])
          .map((k) => [
            `town-day batch on ${k.startsWith('pglite') ? 'PGlite' : 'PostgreSQL'} (${coverage[k].fixes} fixes)`,
            `both layers ${coverage[k].batchMs} ms`,
            `agrees with live: ${coverage[k].targetsAgree && coverage[k].cellsAgree}`,
            '',
          ]),
        ...(coverage.postgresCityDay
          ? [
              [
                `city-day batch on PostgreSQL (${coverage.postgresCityDay.fixes} fixes, ${coverage.postgresCityDay.targets} targets, ${coverage.postgresCityDay.cells} cells)`,
                `both layers ${coverage.postgresCityDay.batchMs} ms`,
                `segments alone: ${coverage.postgresCityDay.segmentsOnlyMs} ms; agrees with live: ${coverage.postgresCityDay.targetsAgree && coverage.postgresCityDay.cellsAgree}`,
                ratio(coverage.postgresCityDay.batchMs, coverage.postgresCityDay.segmentsOnlyMs),
              ],
              [
                `live engine, the city (${coverage.postgresCityDay.fixes} fixes × (${coverage.postgresCityDay.targets} targets + ${coverage.postgresCityDay.cells} cells))`,
                `${coverage.postgresCityDay.liveUsPerFix} µs/fix (${coverage.postgresCityDay.liveFixesPerS}/s)`,
                '',
                '',
              ],
            ]
          : []),
      ],
    ),
    '',
  );
}

const incidents = read('incidents');
if (incidents) {
  out.push(
    '## Incidents live (`npm run bench:incidents`)',
    '',
    `${when(incidents)}. From an incident action over HTTP to its \`incident:update\` on every one of the clients; baseline: a bare socket.io broadcast of the same size.`,
    '',
  );
  out.push(
    table(
      ['backend', 'clients', 'API → event p50 / p99 ms', 'HTTP alone p50 / p99 ms', 'bare broadcast p50 / p99 ms'],
      (['pglite', 'postgres'] as const)
        .filter((b) => incidents[b])
        .map((b) => {
          const r = incidents[b];
          return [
            b,
            r.clients,
            `${r.apiToEvent.p50} / ${r.apiToEvent.p99}`,
            `${r.httpOnly.p50} / ${r.httpOnly.p99}`,
            `${r.baselineBroadcast.p50} / ${r.baselineBroadcast.p99}`,
          ];
        }),
    ),
    '',
  );
}

const fanout = read('fanout');
if (fanout) {
  out.push(
    '## Fan-out (`npm run bench:fanout`)',
    '',
    `${when(fanout)}. A town delta (150 workers, ${fanout.messageBytes} bytes of JSON) ${fanout.perSecond} times a second for ${fanout.seconds} s to every client; the server in its own process. Baseline: a raw \`ws\` broadcast of the same bytes.`,
    '',
  );
  const rows: (string | number)[][] = [];
  const rs: J[] = fanout.results;
  for (let i = 0; i + 1 < rs.length; i += 2) {
    const [s, w] = [rs[i], rs[i + 1]];
    rows.push([
      s.clients,
      `${s.delivered}/${s.expected}`,
      `${s.p50ms} / ${s.p99ms}`,
      `${w.p50ms} / ${w.p99ms}`,
      `${s.serverCpuMsPerMessage} / ${w.serverCpuMsPerMessage}`,
      ratio(s.serverCpuMsPerMessage, w.serverCpuMsPerMessage),
    ]);
  }
  out.push(
    table(['clients', 'socket.io delivered', 'socket.io p50 / p99 ms', 'raw ws p50 / p99 ms', 'server CPU ms/message socket.io / ws', 'CPU ratio'], rows),
    '',
  );
}

const city = read('city');
if (city) {
  out.push(
    '## The city day (`npm run bench:city`)',
    '',
    `${when(city)}. ${city.workers} workers with a terminal each sending one fix per 5 s of the day at ${city.speedup}× real time (${city.targetFixesPerS} fixes/s), ${city.targets} key targets and ${city.cells} road cells, ${city.walls} walls, for ${city.seconds} s, on PostgreSQL; the load generator, the server nodes, nginx, Redis and PostgreSQL share the machine. Fix→wall: from sending a fix to a wall's socket receiving it. Baseline: single-row INSERTs straight into PostgreSQL over 10 connections, ${city.baselineInsertsPerS}/s.`,
    '',
  );
  const phases = Object.keys(city)
    .filter((k) => k.startsWith('oneNode') || k.startsWith('twoNodes'))
    .map((k) => city[k]);
  out.push(
    table(
      ['set-up', 'fixes/s sent', 'accepted/s', 'every fix stored', 'of baseline', 'fix→wall p50 / p99 ms', 'server CPU % of a core', 'server RSS MB'],
      phases.map((p: J) => [
        p.label,
        p.fixesPerS,
        p.acceptedPerS,
        p.everyFixStored === undefined ? '' : p.everyFixStored ? `yes (${p.stored})` : `**no** (${p.stored} of ${p.sent})`,
        ratio(p.fixesPerS, city.baselineInsertsPerS),
        `${p.fixToWallP50ms} / ${p.fixToWallP99ms}`,
        p.serverCpuPercent.join(' + '),
        p.serverRssMaxMB,
      ]),
    ),
    '',
    city.coverageBatch ? `Coverage batch over the ${city.coverageBatch.fixes} clean fixes stored: both layers ${city.coverageBatch.ms} ms.` : '',
    '',
  );
}

const wall = read('wall');
if (wall) {
  const cases = Object.keys(wall)
    .filter((k) => k.startsWith('workers'))
    .map((k) => wall[k]);
  out.push(
    '## The wall in Chromium (`npm run bench:wall`)',
    '',
    `${when(wall)}, ${wall.viewport}, software WebGL (SwiftShader). Load: /wall drawn and live in ${wall.load.ms} ms, ${wall.load.jsTransferredKB} kB of JavaScript transferred (${wall.load.jsDecodedKB} kB uncompressed). One second of live deltas = 5 deltas, every worker reporting every 5 s, fed to the page's own socket handlers. Main-thread time by Chromium's task accounting over 10 s of deltas in 2-s spans, redraws included, less the page's own time in idle spans taken in turn (the idle page's cost is given beside it). The workers' layers are redrawn at every delta for a town and at most once a second for a city (\`redrawIntervalMs\`). Baselines: the idle page, a redraw of every layer with nothing changed, the same deltas applied to a bare store.`,
    '',
    table(
      [
        'workers',
        'updates a delta',
        'ms per second of deltas',
        'ms per delta',
        'redraws a second',
        'tasks > 50 ms (longest)',
        'idle page ms a second',
        'redraw of all layers ms',
        'bare store ms a delta',
      ],
      cases.map((c: J) => [
        c.workers,
        c.updatesPerDelta,
        c.msPerSecond,
        c.msPerDelta,
        c.redrawsPerSecond,
        `${c.longTasks} (${c.longestTaskMs} ms)`,
        c.baselineIdleMsPerSecond,
        c.baselineRedrawMs,
        c.baselineStoreOnlyMsPerDelta,
      ]),
    ),
    '',
  );
}

const townImport = read('town');
if (townImport) {
  out.push(
    '## A town moving in (`npm run bench:town`)',
    '',
    `${when(townImport)}. Through the HTTP import with its validation: a whole-town package of ${townImport.grids} grids (50 villages, 5 squads, 6 main roads), then ${townImport.households.toLocaleString('en')} households (.xlsx of points, each placed in its grid by PostGIS), then their ${townImport.people.toLocaleString('en')} people (.xlsx, ID numbers checked), then the grid layer applied again with ten pairs of grids redrawn (households placed again, road cells cut again). Baseline: a plain bulk insert of the same grids, households and people into an empty schema (no files, no checks).`,
    '',
  );
  const rows = (['pglite', 'postgres'] as const)
    .filter((b) => townImport[b])
    .map((b) => {
      const r = townImport[b];
      const base = townImport[`${b}BaselineS`];
      return [b === 'pglite' ? 'Embedded PGlite' : 'PostgreSQL', r.packageS, r.householdsS, r.peopleS, r.redrawS, r.totalS, base, ratio(r.totalS, base)];
    });
  out.push(table(['backend', 'package s', 'households s', 'people s', 'redraw s', 'total s', 'baseline s', 'of baseline'], rows), '');
}

writeFileSync(
  'BENCHMARKS.md',
  `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`,
);
console.log('BENCHMARKS.md written');
