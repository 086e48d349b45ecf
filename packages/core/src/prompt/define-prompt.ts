import type { GetPromptResult, InputRequiredResult } from '@modelcontextprotocol/server';
import type { z } from 'zod';

import type { VariableCompleter } from '../resource/define-resource.js';
import type { RequestCall } from '../tool/tool-call.js';

type StringArgs = z.ZodObject;

/** A prompt template with described string arguments and optional argument completion. */
export interface PromptDefinition<Context, Args extends StringArgs = StringArgs> {
  name: string;
  title: string;
  description: string;
  /** An object of string fields (prompt arguments are strings on the wire), each described. */
  args: Args;
  complete?: Partial<Record<keyof z.output<Args> & string, VariableCompleter<Context>>>;
  /** Renders the prompt; may return `inputRequired(...)` to ask a 2026-07-28 client for input first. */
  get(
    args: z.output<Args>,
    call: RequestCall<Context>
  ): Promise<GetPromptResult | InputRequiredResult> | GetPromptResult | InputRequiredResult;
}

/** Declares a prompt. */
export function definePrompt<Context, Args extends StringArgs>(
  spec: PromptDefinition<Context, Args>
): PromptDefinition<Context> {
  return spec;
}
