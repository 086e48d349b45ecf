import { describe, expect, it } from 'vitest';

import { createPrometheusMetrics } from './prometheus.js';

describe('createPrometheusMetrics', () => {
  it('counts calls and errors per tool and records durations', async () => {
    const metrics = createPrometheusMetrics({ defaultLabels: { server: 'test' }, processMetrics: false });
    metrics.observeToolCall({ tool: 'echo', outcome: 'ok', durationMs: 3 });
    metrics.observeToolCall({ tool: 'echo', outcome: 'tool_error', durationMs: 2, errorCode: 'NOT_FOUND' });
    const text = await metrics.render();
    expect(text).toContain('mcp_tool_calls_total{tool="echo",outcome="ok",server="test"} 1');
    expect(text).toContain('mcp_tool_calls_total{tool="echo",outcome="tool_error",server="test"} 1');
    expect(text).toContain('mcp_tool_errors_total{tool="echo",code="NOT_FOUND",server="test"} 1');
    expect(text).toMatch(
      /^mcp_tool_duration_seconds_count\{(?=[^}]*tool="echo")(?=[^}]*server="test")[^}]*\} 2$/m
    );
  });

  it('keeps registries of two servers apart', async () => {
    const first = createPrometheusMetrics({ processMetrics: false });
    const second = createPrometheusMetrics({ processMetrics: false });
    first.observeToolCall({ tool: 'a', outcome: 'ok', durationMs: 1 });
    expect(await second.render()).not.toContain('tool="a"');
  });
});
