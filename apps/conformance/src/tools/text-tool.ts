import type { InputRequiredResult } from '@modelcontextprotocol/server';
import { READ_ONLY_ANNOTATIONS, defineTool } from '@mcpkit/core';
import type { Tool, ToolAnnotations, ToolCall } from '@mcpkit/core';
import { z } from 'zod';

import type { ConformanceContext } from '../context.js';

/** The output of every fixture tool: the text it answers with. */
export const textOutput = z.object({ text: z.string().describe('What the tool answered') });

/** Fixture tools only read; none touches anything outside the process. */
export const fixtureAnnotations: ToolAnnotations = READ_ONLY_ANNOTATIONS;

/** Declares a fixture tool that answers with one text (or asks for input first). */
export function textTool<Input extends z.ZodObject>(spec: {
  name: string;
  description: string;
  input: Input;
  run: (
    input: z.output<Input>,
    call: ToolCall<ConformanceContext>
  ) => Promise<string | InputRequiredResult> | string | InputRequiredResult;
}): Tool<ConformanceContext> {
  return defineTool({
    name: spec.name,
    title: spec.name,
    description: spec.description,
    input: spec.input,
    output: textOutput,
    annotations: fixtureAnnotations,
    async handler(input, call: ToolCall<ConformanceContext>) {
      const answer = await spec.run(input, call);
      return typeof answer === 'string' ? { text: answer } : answer;
    },
    render: output => output.text
  });
}

/** Waits, as the logging and progress scenarios expect between notifications. */
export const sleep = (milliseconds: number) => new Promise(resolve => setTimeout(resolve, milliseconds));
