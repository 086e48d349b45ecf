import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

import type { Metrics } from './metrics.js';

/** Prometheus metrics: a registry of their own, so several servers can share a process. */
export interface PrometheusMetrics extends Metrics {
  readonly registry: Registry;
  render(): Promise<string>;
  readonly contentType: string;
}

export interface MetricsOptions {
  /** Labels on every series (e.g. `{ server: 'filesystem' }`). */
  defaultLabels?: Record<string, string>;
  /** Also collect Node.js process metrics (event loop lag, heap, GC). Default true. */
  processMetrics?: boolean;
}

/** Creates the tool-call counters and duration histogram every mcpkit server exposes. */
export function createPrometheusMetrics(options: MetricsOptions = {}): PrometheusMetrics {
  const registry = new Registry();
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const calls = new Counter({
    name: 'mcp_tool_calls_total',
    help: 'Tool calls by tool and outcome.',
    labelNames: ['tool', 'outcome'] as const,
    registers: [registry]
  });
  const errors = new Counter({
    name: 'mcp_tool_errors_total',
    help: 'Tool calls that ended in an error, by tool and error code.',
    labelNames: ['tool', 'code'] as const,
    registers: [registry]
  });
  const duration = new Histogram({
    name: 'mcp_tool_duration_seconds',
    help: 'Tool call duration in seconds.',
    labelNames: ['tool'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry]
  });
  return {
    registry,
    contentType: registry.contentType,
    observeToolCall({ tool, outcome, durationMs, errorCode }) {
      calls.inc({ tool, outcome });
      if (outcome !== 'ok') errors.inc({ tool, code: errorCode ?? outcome });
      duration.observe({ tool }, durationMs / 1000);
    },
    render: () => registry.metrics()
  };
}
