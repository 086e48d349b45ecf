import type { Logger } from './logger.js';
import type { TraceContext } from './trace-context.js';

/** How a tool call ended: a result, a tool error the model reads, or a bug hidden behind a correlation id. */
export type CallOutcome = 'ok' | 'tool_error' | 'internal_error';

/** One tool call, as written to the audit log. Arguments and results are never logged. */
export interface ToolCallAuditEvent {
  tool: string;
  durationMs: number;
  outcome: CallOutcome;
  /** The error's stable code for `tool_error` / `internal_error` outcomes. */
  errorCode?: string | undefined;
  correlationId: string;
  era: 'legacy' | 'modern';
  client?: { name?: string | undefined; version?: string | undefined } | undefined;
  trace?: TraceContext | undefined;
}

/** Writes audit events; one JSON line per tool call. */
export interface Auditor {
  toolCall(event: ToolCallAuditEvent): void;
}

/** Creates an auditor that writes each event as one `audit: "tool_call"` line on the given logger. */
export function createAuditor(logger: Logger): Auditor {
  return {
    toolCall(event) {
      logger.info(
        {
          audit: 'tool_call',
          tool: event.tool,
          duration_ms: Math.round(event.durationMs * 1000) / 1000,
          outcome: event.outcome,
          error_code: event.errorCode,
          correlation_id: event.correlationId,
          era: event.era,
          client_name: event.client?.name,
          client_version: event.client?.version,
          trace_id: event.trace?.traceId,
          parent_span_id: event.trace?.parentSpanId
        },
        'tool call'
      );
    }
  };
}
