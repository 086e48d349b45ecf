import { ToolError } from '@mcpkit/core';
import type { Tool } from '@mcpkit/core';
import { z } from 'zod';

import type { ConformanceContext } from '../context.js';
import { sleep, textTool } from './text-tool.js';

/** Logging, progress, error, and the list-change triggers of the 2026-07-28 listen scenarios. */
export const notificationTools: readonly Tool<ConformanceContext>[] = [
  textTool({
    name: 'test_tool_with_logging',
    description: 'Sends three info log messages 50 ms apart, then answers (tools-call-with-logging).',
    input: z.object({}),
    async run(_input, call) {
      for (const message of ['Tool execution started', 'Tool processing data', 'Tool execution completed']) {
        // The conformance scenario tests protocol logging itself, deprecated or not.
        // eslint-disable-next-line @typescript-eslint/no-deprecated -- what the scenario checks
        await call.sdk.mcpReq.log('info', message);
        await sleep(50);
      }
      return 'Logged three messages.';
    }
  }),
  textTool({
    name: 'test_logging_tool',
    description: 'Logs one info message; a 2026-07-28 request without a log level must not receive it.',
    input: z.object({}),
    async run(_input, call) {
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- what the scenario checks
      await call.sdk.mcpReq.log('info', 'test_logging_tool ran');
      return 'Logged one message.';
    }
  }),
  textTool({
    name: 'test_tool_with_progress',
    description: 'Reports progress 0, 50 and 100 of 100 when the caller sent a progress token.',
    input: z.object({}),
    async run(_input, call) {
      for (const progress of [0, 50, 100]) {
        await call.progress(progress, { total: 100, message: `Completed ${progress}%` });
        if (progress < 100) await sleep(60);
      }
      return String(call.sdk.mcpReq._meta?.progressToken ?? 'no progress token');
    }
  }),
  textTool({
    name: 'test_error_handling',
    description: 'Always fails with a tool error the model can read (tools-call-error).',
    input: z.object({}),
    run() {
      throw new ToolError('FIXTURE_ERROR', 'This tool intentionally returns an error for testing');
    }
  }),
  textTool({
    name: 'test_trigger_tool_change',
    description: 'Publishes notifications/tools/list_changed to every listening client.',
    input: z.object({}),
    run(_input, call) {
      call.notify.toolsChanged();
      return 'Published tools/list_changed.';
    }
  }),
  textTool({
    name: 'test_trigger_prompt_change',
    description: 'Publishes notifications/prompts/list_changed to every listening client.',
    input: z.object({}),
    run(_input, call) {
      call.notify.promptsChanged();
      return 'Published prompts/list_changed.';
    }
  })
];
