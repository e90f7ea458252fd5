// `npm run import -- <file> [--kind grids] [--codeField 网格编码 …] [--crs gcj02] [--layer name] [--part] [--apply]`:
// a town's layer brought in from a script, through a running server's own import (the same preview, checks and
// revision as /admin, and every open screen switches over). Without --apply it only previews: what would be
// added, changed and removed, and the problems. The kind and the columns are guessed as the screen guesses them
// unless said. Log in with IMPORT_USER / IMPORT_PASSWORD (default admin and ADMIN_PASSWORD); --url says where.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { COLUMN_PARAMS } from '../../shared/town/mapping.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: 'http://localhost:8080' },
    kind: { type: 'string' },
    crs: { type: 'string' },
    layer: { type: 'string' },
    part: { type: 'boolean', default: false },
    apply: { type: 'boolean', default: false },
    ...Object.fromEntries(COLUMN_PARAMS.map((c) => [c, { type: 'string' as const }])),
  },
});
const [file] = positionals;
if (!file || positionals.length > 1) {
  console.error('usage: npm run import -- <file> [--kind K] [--<column>Field F …] [--crs gcj02|bd09|EPSG:n] [--layer L] [--part] [--apply] [--url U]');
  process.exit(2);
}
const base = values.url!.replace(/\/+$/, '');
const user = process.env.IMPORT_USER ?? 'admin';
const password = process.env.IMPORT_PASSWORD ?? process.env.ADMIN_PASSWORD;
if (!password) {
  console.error('set IMPORT_PASSWORD (or ADMIN_PASSWORD) for the account that imports');
  process.exit(2);
}

const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: user, password }),
});
if (!login.ok) {
  console.error(`login as ${user}: ${login.status} ${await login.text()}`);
  process.exit(1);
}
const cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');
const bytes = readFileSync(file);

async function send(path: 'preview' | 'apply', query: Record<string, string>) {
  const r = await fetch(`${base}/api/town/files/${path}?${new URLSearchParams({ name: basename(file!), ...query })}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(bytes),
  });
  const body = await r.json();
  if (!r.ok) {
    console.error(`${path}: ${r.status} ${body.error}: ${body.message}`);
    for (const d of body.details ?? []) console.error(`  ${d.path}: ${d.message}`);
    process.exit(1);
  }
  return body;
}

// The file read as it is: its layers and the mapping guessed for the one to import.
const given = Object.fromEntries(
  [...COLUMN_PARAMS, 'crs', 'layer'].flatMap((k) =>
    typeof values[k as keyof typeof values] === 'string' ? [[k, values[k as keyof typeof values] as string]] : [],
  ),
);
const read = await send('preview', { ...(values.crs ? { crs: values.crs } : {}), ...(values.layer ? { layer: values.layer } : {}) });
const layer = values.layer ? read.layers.find((l: { name: string }) => l.name === values.layer) : read.layers[0];
const { kind: guessed, remembered: _r, ...guessedColumns } = layer?.mapping ?? {};
const kind = values.kind ?? guessed;
if (!kind) {
  console.error(`cannot tell what ${basename(file)} holds: say --kind (${read.layers.map((l: { name: string }) => l.name).join(', ')})`);
  process.exit(1);
}
const query: Record<string, string> = {
  ...(values.kind && values.kind !== guessed ? {} : guessedColumns),
  ...given,
  kind,
  ...(values.part ? { part: 'true' } : {}),
};
const { plan } = await send('preview', query);
console.log(
  `${basename(file)} as ${kind} (${Object.entries(query)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')})`,
);
console.log(`  added ${plan.counts.added}, changed ${plan.counts.changed}, removed ${plan.counts.removed}, unchanged ${plan.counts.unchanged}`);
const errors = plan.problems.filter((p: { severity: string }) => p.severity === 'error');
for (const p of plan.problems) console.log(`  ${p.severity === 'error' ? '错误 error' : '警告 warning'}  ${p.label}: ${p.message}`);
if (errors.length) {
  console.error(`${errors.length} error(s): nothing applied`);
  process.exit(1);
}
if (!values.apply) {
  console.log('preview only: add --apply to bring it in');
  process.exit(0);
}
const revision = await send('apply', query);
console.log(`applied as revision ${revision.id}`);
