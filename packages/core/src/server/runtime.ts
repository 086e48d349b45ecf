import type { Auditor, Logger, Metrics } from '@mcpkit/observability';

import type { ChangeNotifier } from './live-instances.js';

/** The long-lived pieces one server process shares across every request it serves. */
export interface ServerRuntime<Context> {
  readonly name: string;
  readonly context: Context;
  readonly logger: Logger;
  readonly auditor: Auditor;
  readonly metrics: Metrics;
  /** Byte budget for each rendering of a result. */
  readonly maxOutputBytes: number;
  /** Publishes list and resource changes to connected clients. */
  readonly notify: ChangeNotifier;
}
