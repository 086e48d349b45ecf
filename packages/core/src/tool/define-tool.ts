import type { ContentBlock, InputRequiredResult } from '@modelcontextprotocol/server';
import { isInputRequiredResult } from '@modelcontextprotocol/server';
import type { z } from 'zod';

import type { ToolAnnotations } from './tool-annotations.js';
import type { ToolCall } from './tool-call.js';

type AnyObjectSchema = z.ZodObject;

/** What a tool author writes: everything the contract requires, typed from the two schemas. */
export interface ToolSpec<Context, Input extends AnyObjectSchema, Output extends AnyObjectSchema> {
  /** snake_case, unique within the server, stable across releases. */
  name: string;
  /** Display name for hosts. */
  title: string;
  /** Written for a model: what it does, when to use it (and when not), what it returns, its limits. */
  description: string;
  /** Every field described and bounded (lengths, ranges, enums); the contract suite checks it. */
  input: Input;
  /** The shape of `structuredContent`; advertised as the tool's outputSchema. */
  output: Output;
  annotations: ToolAnnotations;
  /** Whether the tool is offered under this server's configuration (e.g. hidden in read-only mode). */
  enabled?: (context: Context) => boolean;
  /**
   * This tool's byte budget when it differs from the server's (e.g. media that cannot be cut into
   * pages); receives the server's budget. Keep it bounded.
   */
  outputBudget?: (serverBudget: number, context: Context) => number;
  /**
   * What to do when a result is over the budget anyway, naming this tool's own parameters (say,
   * "Read a range with head or tail."). Without it the model is told to ask for less in general.
   */
  overBudgetHint?: string;
  /**
   * Does the work. Throw a ToolError for failures the model should read. May return an
   * `inputRequired(...)` result to ask the 2026-07-28 client for input (elicitation, sampling, roots).
   */
  handler: (
    input: z.output<Input>,
    call: ToolCall<Context>
  ) => Promise<z.output<Output> | InputRequiredResult> | z.output<Output> | InputRequiredResult;
  /**
   * The `content` rendering: compact text for clients that show `content` rather than
   * `structuredContent`, or content blocks (images, audio, embedded resources).
   */
  render: (output: z.output<Output>) => string | ContentBlock[];
}

/**
 * A tool ready to register. It keeps its schemas' types (see InferToolInput, InferToolOutput),
 * and any tool of a context fits a list of `Tool<Context>`: the defaults erase them.
 */
export interface Tool<
  Context,
  Input extends AnyObjectSchema = AnyObjectSchema,
  Output extends AnyObjectSchema = AnyObjectSchema
> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly input: Input;
  readonly output: Output;
  readonly annotations: ToolAnnotations;
  isEnabled(context: Context): boolean;
  /** The byte budget of this tool's results under a server budget. */
  budget(serverBudget: number, context: Context): number;
  /** What to do when a result is over the budget (see ToolSpec.overBudgetHint). */
  readonly overBudgetHint: string;
  /** Runs the handler on already-validated input and returns the structured output and its content. */
  execute(input: unknown, call: ToolCall<Context>): Promise<ToolExecution>;
}

/** The arguments a tool accepts, as a client sends them (before defaults apply). */
export type InferToolInput<T> = T extends Tool<infer _Context, infer Input> ? z.input<Input> : never;

/** What a tool's call returns as `structuredContent`. */
export type InferToolOutput<T> =
  T extends Tool<infer _Context, AnyObjectSchema, infer Output> ? z.output<Output> : never;

/** The outcome of running a tool's handler. */
export type ToolExecution =
  | { kind: 'result'; structured: Record<string, unknown>; content: ContentBlock[] }
  | { kind: 'input_required'; result: InputRequiredResult };

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** The over-budget hint of a tool that names none of its own. */
const DEFAULT_OVER_BUDGET_HINT =
  'Ask for less in one call (fewer items, or a narrower request); where the result has a nextCursor, page through it.';

/**
 * Declares a tool under the mcpkit tool contract. The name must be snake_case; the spec is checked
 * once here, so a mistake fails at startup rather than on the first call.
 */
export function defineTool<Context, Input extends AnyObjectSchema, Output extends AnyObjectSchema>(
  spec: ToolSpec<Context, Input, Output>
): Tool<Context, Input, Output> {
  if (!SNAKE_CASE.test(spec.name)) {
    throw new TypeError(
      `Tool name "${spec.name}" must be snake_case (lowercase letters, digits, underscores).`
    );
  }
  if (spec.description.trim().length === 0) throw new TypeError(`Tool "${spec.name}" needs a description.`);
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    input: spec.input,
    output: spec.output,
    annotations: spec.annotations,
    isEnabled: context => spec.enabled?.(context) ?? true,
    budget: (serverBudget, context) => spec.outputBudget?.(serverBudget, context) ?? serverBudget,
    overBudgetHint: spec.overBudgetHint ?? DEFAULT_OVER_BUDGET_HINT,
    async execute(input, call) {
      const output = await spec.handler(input as z.output<Input>, call);
      if (isInputRequiredResult(output)) return { kind: 'input_required', result: output };
      const rendered = spec.render(output);
      return {
        kind: 'result',
        structured: output,
        content: typeof rendered === 'string' ? [{ type: 'text', text: rendered }] : rendered
      };
    }
  };
}
