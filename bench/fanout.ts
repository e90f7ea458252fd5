// `npm run bench:fanout`: one live delta of the town (150 workers) sent 5 times a second to many walls,
// through socket.io (as the server does: rooms, per-socket packets) and, as the baseline in the same run,
// through a raw `ws` broadcast of the same bytes. A child process serves both; this one holds the clients.
// Prints delivery latency p50/p99/max from send to receipt over all clients, and the server's CPU per
// message.
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import WebSocket, { WebSocketServer } from 'ws';

const CLIENTS = (process.env.BENCH_CLIENTS ?? '20,200,1000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_PHASE_S ?? 8);
const PER_SECOND = 5;

/** A delta as the hub sends it: 150 workers, each with its state and one new trail point. */
function townDelta(seq: number) {
  return {
    seq,
    at: Date.now(),
    workers: Array.from({ length: 150 }, (_, i) => ({
      workerId: i + 1,
      squadId: (i % 9) + 1,
      gridId: i + 1,
      lon: 117.1 + i * 1e-4,
      lat: 35 + i * 1e-4,
      fixTime: Date.now(),
      speed: 1.2,
      heading: 90,
      battery: 80,
      status: 'patrolling',
      points: [[117.1 + i * 1e-4, 35 + i * 1e-4, Date.now()]],
    })),
  };
}

if (process.argv[2] === 'serve') {
  // The server side: socket.io on one port, raw ws on another; told by the parent when to broadcast.
  const sioHttp = createServer();
  const sio = new Server(sioHttp, { serveClient: false });
  sio.on('connection', (s) => void s.join('town'));
  const wsHttp = createServer();
  const wss = new WebSocketServer({ server: wsHttp });
  await Promise.all([new Promise<void>((r) => sioHttp.listen(0, '127.0.0.1', r)), new Promise<void>((r) => wsHttp.listen(0, '127.0.0.1', r))]);
  process.send!({ sio: (sioHttp.address() as { port: number }).port, ws: (wsHttp.address() as { port: number }).port });
  process.on('message', async (m: { run: 'sio' | 'ws'; seconds: number }) => {
    const cpu0 = process.cpuUsage();
    let sent = 0;
    const t0 = Date.now();
    while (Date.now() - t0 < m.seconds * 1000) {
      const started = Date.now();
      const delta = { ...townDelta(sent), sentAt: Date.now() };
      if (m.run === 'sio') sio.to('town').emit('live:delta', delta);
      else {
        const text = JSON.stringify(delta);
        for (const c of wss.clients) if (c.readyState === WebSocket.OPEN) c.send(text);
      }
      sent++;
      await new Promise((r) => setTimeout(r, Math.max(0, 1000 / PER_SECOND - (Date.now() - started))));
    }
    const cpu = process.cpuUsage(cpu0);
    process.send!({ sent, cpuMsPerMessage: +((cpu.user + cpu.system) / 1000 / sent).toFixed(2) });
  });
} else {
  const child = fork(new URL(import.meta.url).pathname, ['serve'], { execArgv: ['--import', 'tsx'] });
  const ports = await new Promise<{ sio: number; ws: number }>((r) => child.once('message', r as never));
  const ask = (run: 'sio' | 'ws') =>
    new Promise<{ sent: number; cpuMsPerMessage: number }>((resolve) => {
      child.once('message', resolve as never);
      child.send({ run, seconds: SECONDS });
    });
  const results: Record<string, unknown>[] = [];
  const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;
  for (const n of CLIENTS) {
    for (const run of ['sio', 'ws'] as const) {
      const latencies: number[] = [];
      const onMessage = (text: string) => latencies.push(Date.now() - (JSON.parse(text) as { sentAt: number }).sentAt);
      const closers: (() => void)[] = [];
      for (let i = 0; i < n; i++) {
        if (run === 'sio') {
          const s: Socket = connect(`http://127.0.0.1:${ports.sio}`, { transports: ['websocket'], forceNew: true });
          // socket.io parses before the handler: the handler's cost is the same as the ws client's JSON.parse.
          s.on('live:delta', (d: { sentAt: number }) => latencies.push(Date.now() - d.sentAt));
          await new Promise<void>((r) => s.once('connect', () => r()));
          closers.push(() => s.disconnect());
        } else {
          const c = new WebSocket(`ws://127.0.0.1:${ports.ws}`);
          c.on('message', (b) => onMessage(b.toString()));
          await new Promise((r) => c.once('open', r));
          closers.push(() => c.close());
        }
      }
      await new Promise((r) => setTimeout(r, 500));
      const server = await ask(run);
      await new Promise((r) => setTimeout(r, 1000));
      for (const c of closers) c();
      latencies.sort((a, b) => a - b);
      const expected = server.sent * n;
      const r = {
        clients: n,
        via: run === 'sio' ? 'socket.io' : 'raw ws',
        messages: server.sent,
        delivered: latencies.length,
        expected,
        p50ms: q(latencies, 0.5),
        p99ms: q(latencies, 0.99),
        maxMs: latencies[latencies.length - 1] ?? NaN,
        serverCpuMsPerMessage: server.cpuMsPerMessage,
      };
      results.push(r);
      console.log(
        `${String(n).padStart(5)} clients  ${r.via.padEnd(9)}  delivered ${r.delivered}/${expected}  p50 ${r.p50ms} ms  p99 ${r.p99ms} ms  max ${r.maxMs} ms  server CPU ${r.serverCpuMsPerMessage} ms/message`,
      );
      await new Promise((r) => setTimeout(r, 500));
    }
    const [sio, ws] = results.slice(-2) as { serverCpuMsPerMessage: number; p99ms: number }[];
    console.log(
      `        ratio socket.io / raw ws: server CPU ${(sio!.serverCpuMsPerMessage / ws!.serverCpuMsPerMessage).toFixed(2)}×, p99 ${(sio!.p99ms / Math.max(1, ws!.p99ms)).toFixed(2)}×`,
    );
  }
  child.kill();
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    'bench/results/fanout.json',
    `${JSON.stringify({ date: new Date().toISOString(), machine: `${cpus().length} × ${cpus()[0]?.model}`, messageBytes: JSON.stringify(townDelta(0)).length, perSecond: PER_SECOND, seconds: SECONDS, results }, null, 2)}\n`,
  );
  process.exit(0);
}
