export { createAuditor } from './audit.js';
export type { Auditor, CallOutcome, ToolCallAuditEvent } from './audit.js';
export { LOG_LEVELS, createLogger, flushLogger } from './logger.js';
export type { LogLevel, Logger, LoggerOptions } from './logger.js';
export { createNoopMetrics } from './metrics.js';
export type { Metrics } from './metrics.js';
export { MAX_LOGGED_STRING, REDACTED, redactSecrets, redactText, redactValue } from './redact.js';
export { traceContextFromMeta } from './trace-context.js';
export type { TraceContext } from './trace-context.js';
