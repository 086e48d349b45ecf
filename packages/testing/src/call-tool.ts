import type { Client } from '@modelcontextprotocol/client';
import type { InferToolInput, InferToolOutput, Tool } from '@mcpkit/core';

/** A tool call's result, typed by the tool it called. */
export interface TypedToolResult<Output> {
  isError: boolean;
  /** The structuredContent, checked against the tool's output schema (undefined on an error). */
  structured: Output | undefined;
  /** The text blocks of `content`, one per line. */
  text: string;
}

/**
 * Calls `tool` through a real client with arguments of its input type, and returns its
 * structuredContent as its output type, validated by the tool's own output schema: tests read
 * results without hand-written result types or casts.
 */
export async function callTool<T extends Tool<never>>(
  client: Client,
  tool: T,
  args: InferToolInput<T>
): Promise<TypedToolResult<InferToolOutput<T>>> {
  const result = await client.callTool({ name: tool.name, arguments: args });
  const isError = result.isError === true;
  const content = (result.content ?? []) as { type: string; text?: string }[];
  const text = content.map(block => block.text ?? `[${block.type}]`).join('\n');
  if (isError) return { isError, structured: undefined, text };
  const parsed = tool.output.safeParse(result.structuredContent);
  if (!parsed.success)
    throw new Error(
      `${tool.name} returned structuredContent its output schema refuses: ${parsed.error.message}`
    );
  return { isError, structured: parsed.data as InferToolOutput<T>, text };
}
