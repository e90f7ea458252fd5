// A server process for the benchmarks: started with `node --import tsx server/main.ts --no-sim` in its own
// process group, its memory read from /proc, stopped with its whole tree.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const ADMIN = 'bench-admin-password';
/** Set, so that a first start does not print the demo accounts' passwords among the figures. */
const DEMO = 'bench-demo-password';

/** `nodeArgs`: flags for the server's node (e.g. --cpu-prof); by default GP_NODE_ARGS, as the cluster harness takes them. */
export async function startServer(
  env: Record<string, string>,
  port: number,
  nodeArgs: string[] = (process.env.GP_NODE_ARGS ?? '').split(' ').filter(Boolean),
): Promise<ChildProcess> {
  if (
    await fetch(`http://127.0.0.1:${port}/api/health`).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`port ${port} is taken: stop what runs there`);
  // Its own process group, so that the whole tree stops with it.
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts', '--no-sim'], {
    detached: true,
    env: { ...process.env, ...env, PORT: String(port), ADMIN_PASSWORD: ADMIN, DEMO_PASSWORD: DEMO, LOG_LEVEL: 'warn' },
    // Its warnings (LOG_LEVEL warn) are the run's: a statement that held the embedded database, say.
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 1200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {}
    await new Promise((r) => setTimeout(r, 100)); // a start is timed to within 0.1 s (bench/start.ts)
  }
  throw new Error('server did not start');
}

export const rssOf = (pid: number) => {
  // The server, or a tree of launchers above it: take the largest RSS in the tree.
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    try {
      for (const c of readFileSync(`/proc/${tree[i]}/task/${tree[i]}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) tree.push(Number(c));
    } catch {}
  }
  return Math.max(
    ...tree.map((p) => {
      try {
        return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))![1]) / 1024;
      } catch {
        return 0;
      }
    }),
  );
};

export async function stopServer(child: ChildProcess) {
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, 'SIGTERM'); // the server shuts down cleanly: a --cpu-prof profile is written
  await exited;
}

/** An administrator's session cookie on a benchmark server. */
export async function adminCookie(base: string): Promise<string> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN }),
  });
  return login.headers.get('set-cookie')!.split(';')[0]!;
}
