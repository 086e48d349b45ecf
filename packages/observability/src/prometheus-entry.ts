export { createPrometheusMetrics } from './prometheus.js';
export type { MetricsOptions, PrometheusMetrics } from './prometheus.js';
