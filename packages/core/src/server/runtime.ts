import type { Auditor, Logger, Metrics } from '@mcpkit/observability';

/** The long-lived pieces one server process shares across every request it serves. */
export interface ServerRuntime<Context> {
  readonly name: string;
  readonly context: Context;
  readonly logger: Logger;
  readonly auditor: Auditor;
  readonly metrics: Metrics;
  /** Byte budget for each rendering of a result. */
  readonly maxOutputBytes: number;
}
