/** Percentile of sorted durations (ms). */
export const percentile = (sorted, fraction) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];

/** Times `count` sequential calls of `call` after `warmup` unmeasured ones. */
export async function timeSequential(call, { count, warmup }) {
  for (let index = 0; index < warmup; index++) await call();
  const durations = [];
  const started = performance.now();
  for (let index = 0; index < count; index++) {
    const before = performance.now();
    await call();
    durations.push(performance.now() - before);
  }
  return summarise(durations, performance.now() - started);
}

/** Runs `concurrency` loops of `call` for `durationMs` and reports throughput and latency. */
export async function timeConcurrent(call, { concurrency, durationMs }) {
  const durations = [];
  const deadline = performance.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const before = performance.now();
        await call();
        durations.push(performance.now() - before);
      }
    })
  );
  return summarise(durations, performance.now() - started);
}

/** p50, p99 and throughput of a set of call durations measured over `elapsed` ms. */
function summarise(durations, elapsed) {
  durations.sort((a, b) => a - b);
  return {
    p50: percentile(durations, 0.5),
    p99: percentile(durations, 0.99),
    perSecond: (durations.length / elapsed) * 1000
  };
}

/** Median of numbers. */
export const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
