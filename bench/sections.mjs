// The sections of `pnpm bench`, run in this order, each in a process of its own (so one section's
// heap and servers do not weigh on the next). To add one: write bench/<section>.mjs (the helpers of
// harness.mjs time a server's tools over stdio in a few lines), print its markdown table to
// stdout, and list it here. `pnpm bench <section> …` runs only the sections named.
export const SECTIONS = [
  {
    name: 'protocol',
    script: 'run.mjs',
    about: 'protocol overhead and cold start, against a raw echo and server-everything'
  },
  {
    name: 'http',
    script: 'http-throughput.mjs',
    about: 'HTTP tools/call throughput of both eras against raw node:http'
  },
  { name: 'filesystem', script: 'filesystem.mjs', about: 'the filesystem server beside the official one' },
  {
    name: 'filesystem-limits',
    script: 'filesystem-limits.mjs',
    about: 'hostile arguments and huge directories, beside the official server'
  },
  {
    name: 'memory',
    script: 'memory.mjs',
    about: 'the memory server beside the official one, up to 20k entities'
  },
  {
    name: 'memory-scale',
    script: 'memory-scale.mjs',
    about: 'the memory server at 100k entities on SQLite and PostgreSQL'
  }
];
