import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

import type { CallOutcome } from './audit.js';

/** Per-server Prometheus metrics. Each server owns its own registry so several can share a process. */
export interface Metrics {
  readonly registry: Registry;
  /** Records one finished tool call. */
  observeToolCall(observation: {
    tool: string;
    outcome: CallOutcome;
    durationMs: number;
    errorCode?: string;
  }): void;
  /** The registry in the Prometheus text exposition format, for `/metrics`. */
  render(): Promise<string>;
  /** The `Content-Type` of {@link Metrics.render}'s output. */
  readonly contentType: string;
}

export interface MetricsOptions {
  /** Labels on every series (e.g. `{ server: 'filesystem' }`). */
  defaultLabels?: Record<string, string>;
  /** Also collect Node.js process metrics (event loop lag, heap, GC). Default true. */
  processMetrics?: boolean;
}

/** Creates the tool-call counters and duration histogram every mcpkit server exposes. */
export function createMetrics(options: MetricsOptions = {}): Metrics {
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
