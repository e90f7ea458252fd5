// Import rules of the layout (docs/architecture.md): data flows one way, the runtime never reaches into
// the demo, and shared/ stays isomorphic. `npm run lint` runs them.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'client-not-server',
      comment: 'The client runs in a browser: it talks to the server over HTTP and sockets, never by import.',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^server/' },
    },
    {
      name: 'shared-is-self-contained',
      comment: 'shared/ is isomorphic domain code: it imports nothing outside shared/ but npm packages.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(server|client|geodata|test|bench)/' },
    },
    {
      name: 'runtime-not-demo',
      comment: 'The demo (seed, history, simulator, scripted duty officer) is started in one place: server/main.ts.',
      severity: 'error',
      from: { path: '^(server|client|shared)/', pathNot: '^server/(demo/|main\\.ts$)' },
      to: { path: '^server/demo/' },
    },
    {
      name: 'runtime-not-geodata',
      comment: "The generated town is the demo's: the runtime loads a town from the database, not from geodata/.",
      severity: 'error',
      from: { path: '^(server|client|shared)/', pathNot: '^server/demo/' },
      to: { path: '^geodata/' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes load order matter and a module impossible to read alone.',
      severity: 'error',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|dist|data|geodata/xigang|test/artifacts)' },
  },
};
