// Helpers any server's bench section can use: start a server over stdio (raw JSON-RPC, so the
// figures are the server's cost, not a client library's), time its tool calls, and print a table.
import { percentile } from './stats.mjs';
import { INITIALIZE_PARAMS, startStdio } from './stdio-driver.mjs';

/**
 * Starts `command args` as a stdio MCP server and initializes it. `call(name, args)` calls a tool
 * and returns its result, throwing on a protocol error or an `isError` result (a bench of a failing
 * call measures nothing); `stop()` ends the server.
 */
export async function startServer(command, args, env = process.env) {
  const server = startStdio(command, args, env);
  await server.request('initialize', INITIALIZE_PARAMS);
  server.notify('notifications/initialized', {});
  const call = async (name, input) => {
    const response = await server.request('tools/call', { name, arguments: input });
    if (response.error || response.result?.isError)
      throw new Error(`${name}: ${JSON.stringify(response).slice(0, 300)}`);
    return response.result;
  };
  return { call, stop: () => server.stop(), request: server.request };
}

/**
 * Times each case's tool call `count` times (after `warmup` untimed), the cases taken in turn
 * round after round, so a pause of the machine lands on all of them rather than on one: per case,
 * p50 and p99 in ms.
 */
export async function timeCases(call, cases, { count = 200, warmup = 20 } = {}) {
  for (const { tool, args } of cases) for (let round = 0; round < warmup; round++) await call(tool, args);
  const samples = cases.map(() => []);
  for (let round = 0; round < count; round++) {
    for (const [index, { tool, args }] of cases.entries()) {
      const started = performance.now();
      await call(tool, args);
      samples[index].push(performance.now() - started);
    }
  }
  return cases.map(({ name }, index) => {
    const sorted = samples[index].sort((left, right) => left - right);
    return { name, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
  });
}

/** A markdown table: `columns` are `[header, row => cell]` pairs. */
export function markdownTable(columns, rows) {
  const cell = value => (typeof value === 'number' ? value.toFixed(2) : String(value));
  return [
    `| ${columns.map(([header]) => header).join(' | ')} |`,
    `| ${columns.map((_, index) => (index === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map(row => `| ${columns.map(([, value]) => cell(value(row))).join(' | ')} |`)
  ].join('\n');
}
