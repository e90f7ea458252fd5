/**
 * PostGIS for the embedded database, without the parts the project never creates. PGlite unpacks an
 * extension's whole bundle into memory and compiles every `.so` in it at each start: the package's bundle
 * holds postgis_raster and postgis_topology too (31 of its 48 MB of WASM) and the tiger geocoder's SQL, which
 * made each start of the database seconds slower and each instance heavier (issue 20 #8). Only
 * `CREATE EXTENSION postgis` is ever run (migration 001), so a bundle without them is written once, beside
 * the package's, and used from then on.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';
import { createGunzip, createGzip } from 'node:zlib';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Extension } from '@electric-sql/pglite';
import { extract, pack } from 'tar-stream';

/** What no statement of the project needs: the other PostGIS extensions, the pre-extension scripts. */
const UNUSED = /raster|topology|tiger|unpackaged|\/contrib\//;

/** The package's bundle less `UNUSED`, gzipped again (PGlite gunzips every bundle), written to `partial`. */
async function writeSlim(from: string, partial: string): Promise<void> {
  const tar = extract();
  const out = pack();
  tar.on('entry', (header, body, next) => {
    if (UNUSED.test(header.name)) {
      body.on('end', next).resume();
      return;
    }
    body.pipe(out.entry(header, next));
  });
  tar.on('finish', () => out.finalize());
  await Promise.all([pipeline(createReadStream(from), createGunzip(), tar), pipeline(out, createGzip({ level: 1 }), createWriteStream(partial))]);
}

/**
 * Where the slim bundle of this version of the package (`bundle`: its own, in its dist/) is kept: the
 * package manager's cache folder, under a name that changes with the package's version and with `UNUSED`.
 */
function slimPath(bundle: string): string {
  const pkg = join(dirname(bundle), '..', 'package.json');
  const { version } = JSON.parse(readFileSync(pkg, 'utf8')) as { version: string };
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const rule = createHash('sha1').update(UNUSED.source).digest('hex').slice(0, 8);
  return join(root, 'node_modules', '.cache', 'grid-patrol', `postgis-${version}-slim-${rule}.tar.gz`);
}

/** The PostGIS extension as the package sets it up, loading the slim bundle (the package's own if it cannot be written). */
export const slimPostgis: Extension = {
  name: postgis.name,
  async setup(pg, emscriptenOpts) {
    const setup = await postgis.setup(pg, emscriptenOpts);
    const from = fileURLToPath(setup.bundlePath);
    const to = slimPath(from);
    // Written aside and renamed: test files starting their databases at once never read half a bundle.
    const partial = `${to}.${process.pid}.${threadId}.partial`;
    try {
      if (!existsSync(to)) {
        mkdirSync(dirname(to), { recursive: true });
        await writeSlim(from, partial);
        renameSync(partial, to);
      }
    } catch (err) {
      rmSync(partial, { force: true });
      console.warn(`PostGIS: the full bundle is used (${(err as Error).message})`);
      return setup;
    }
    return { ...setup, bundlePath: pathToFileURL(to) };
  },
};
