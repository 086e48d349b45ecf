import type {
  CallToolResult,
  ContentBlock,
  InputRequiredResult,
  ServerContext
} from '@modelcontextprotocol/server';
import { traceContextFromMeta } from '@mcpkit/observability';
import type { CallOutcome } from '@mcpkit/observability';

import { byteLength } from '../budget/byte-length.js';
import { fitJson, payloadRoom } from '../budget/fit-json.js';
import { ToolError } from '../errors/tool-error.js';
import { createRequestCall } from '../server/request-call.js';
import type { RequestScope } from '../server/request-call.js';
import type { ServerRuntime } from '../server/runtime.js';
import type { Tool } from './define-tool.js';

/** Room for `[{"type":"text","text":""}]` around an error's text, with a margin. */
const ERROR_ENVELOPE_BYTES = 64;

/**
 * The single tool-dispatch boundary: runs one call, enforces the output budget, turns failures into
 * `isError` results (a ToolError's message and hint; any other throw becomes a generic message with
 * a correlation id, logged with its cause) and writes one audit line and metric per call.
 */
export async function runToolCall<Context>(
  tool: Tool<Context>,
  input: { args: unknown; sdkContext: ServerContext; scope: RequestScope },
  runtime: ServerRuntime<Context>
): Promise<CallToolResult | InputRequiredResult> {
  const started = performance.now();
  const budget = tool.budget(runtime.maxOutputBytes, runtime.context);
  const call = createRequestCall(runtime, input.sdkContext, input.scope);
  call.maxOutputBytes = budget;
  let outcome: CallOutcome = 'ok';
  let errorCode: string | undefined;
  try {
    const execution = await tool.execute(input.args, call);
    if (execution.kind === 'input_required') return execution.result;
    assertWithinBudget(tool, execution, budget);
    return { content: execution.content, structuredContent: execution.structured };
  } catch (error) {
    if (ToolError.isInstance(error)) {
      outcome = 'tool_error';
      errorCode = error.code;
      const full = error.hint === undefined ? error.message : `${error.message}\n${error.hint}`;
      return {
        // The budget counts the text as the JSON of the content, escapes included.
        content: [{ type: 'text', text: fitJson(full, payloadRoom(budget, ERROR_ENVELOPE_BYTES)).text }],
        isError: true
      };
    }
    outcome = 'internal_error';
    errorCode = 'INTERNAL';
    call.logger.error({ err: error, tool: tool.name }, 'tool call failed with an unexpected error');
    return {
      content: [
        {
          type: 'text',
          text: `Internal error in ${tool.name} (correlation id ${call.correlationId}). The details were logged for the server operator; retrying the same call is unlikely to help.`
        }
      ],
      isError: true
    };
  } finally {
    const durationMs = performance.now() - started;
    runtime.metrics.observeToolCall({ tool: tool.name, outcome, durationMs, errorCode });
    runtime.auditor.toolCall({
      tool: tool.name,
      durationMs,
      outcome,
      errorCode,
      correlationId: call.correlationId,
      era: call.era,
      client: call.client,
      trace: traceContextFromMeta(input.sdkContext.mcpReq._meta)
    });
  }
}

function assertWithinBudget(
  tool: { name: string; overBudgetHint: string },
  result: { structured: Record<string, unknown>; content: ContentBlock[] },
  maxBytes: number
): void {
  const size = Math.max(byteLength(result.structured), byteLength(result.content));
  if (size > maxBytes) {
    throw new ToolError(
      'OUTPUT_TOO_LARGE',
      `The result of ${tool.name} is ${size} bytes, over this server's ${maxBytes}-byte output budget.`,
      { hint: tool.overBudgetHint }
    );
  }
}
