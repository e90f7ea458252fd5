// `npm run import` (issue 17): a layer brought in from a script through a running server's own import —
// previewed by default, applied with --apply, refused with its errors and nothing changed.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xlsx } from './helpers/workbook.ts';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
let dir: string;
let inside: { lon: number; lat: number } | undefined;
let outside: { lon: number; lat: number } | undefined;
const households = async () => (await srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM households'))[0]!.n;

/** Runs the import script against the test server; its exit code and what it printed. */
async function runImport(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('npx', ['tsx', 'server/town/cli.ts', ...args, '--url', srv.base], {
      env: { ...process.env, IMPORT_PASSWORD: ADMIN_PASSWORD },
    });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

beforeAll(async () => {
  srv = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'gp-import-'));
  [inside] = await srv.db.query<{ lon: number; lat: number }>(
    'SELECT ST_X(ST_PointOnSurface(area)) AS lon, ST_Y(ST_PointOnSurface(area)) AS lat FROM grids ORDER BY id LIMIT 1',
  );
  [outside] = await srv.db.query<{ lon: number; lat: number }>(
    `SELECT ST_XMin(e) - 0.003 AS lon, (ST_YMin(e) + ST_YMax(e)) / 2 AS lat FROM (SELECT ST_Extent(boundary)::geometry AS e FROM town) t`,
  );
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await srv?.close();
});

const HEAD = ['房屋编码', '地址', '人口', '经度', '纬度'];

describe('npm run import', () => {
  it('previews a layer with its kind and columns guessed, then brings it in with --apply', async () => {
    const file = join(dir, '实有房屋.xlsx');
    writeFileSync(
      file,
      await xlsx(HEAD, [
        ['CLI-1', '脚本村1号', 3, inside!.lon, inside!.lat],
        ['CLI-2', '脚本村2号', 2, inside!.lon + 0.00005, inside!.lat],
      ]),
    );
    const before = await households();
    const preview = await runImport(file);
    expect(preview.code).toBe(0);
    expect(preview.out).toContain('as households');
    expect(preview.out).toContain('added 2');
    expect(await households()).toBe(before);
    const applied = await runImport(file, '--apply');
    expect(applied.code).toBe(0);
    expect(applied.out).toMatch(/applied as revision \d+/);
    expect(await households()).toBe(before + 2);
  }, 120_000);

  it('refuses a layer with errors, prints them, and changes nothing', async () => {
    const file = join(dir, '镇外.xlsx');
    writeFileSync(file, await xlsx(HEAD, [['CLI-3', '镇外1号', 1, outside!.lon, outside!.lat]]));
    const before = await households();
    const r = await runImport(file, '--apply');
    expect(r.code).toBe(1);
    expect(r.out).toContain('error');
    expect(r.out).toContain('nothing applied');
    expect(await households()).toBe(before);
  }, 120_000);
});
