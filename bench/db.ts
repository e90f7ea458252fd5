// A throwaway PostgreSQL database for a benchmark, on the server BENCH_DATABASE_URL points at.
import pg from 'pg';

/** Drops and creates `name` there; returns its URL. */
export async function freshBenchDatabase(url: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return Object.assign(new URL(url), { pathname: `/${name}` }).toString();
}
