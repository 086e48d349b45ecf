import type { CallOutcome } from './audit.js';

/**
 * Per-server tool-call metrics. {@link createNoopMetrics} records nothing (stdio, where nothing can
 * scrape them); `createPrometheusMetrics` from `@mcpkit/observability/prometheus` backs `/metrics`.
 */
export interface Metrics {
  /** Records one finished tool call. */
  observeToolCall(observation: {
    tool: string;
    outcome: CallOutcome;
    durationMs: number;
    errorCode?: string | undefined;
  }): void;
  /** The metrics in the Prometheus text exposition format, for `/metrics`; absent when not kept. */
  render?(): Promise<string>;
  /** The `Content-Type` of {@link Metrics.render}'s output. */
  readonly contentType?: string;
}

/** Metrics that record nothing: the default where no endpoint exposes them. */
export function createNoopMetrics(): Metrics {
  return { observeToolCall: () => undefined };
}
