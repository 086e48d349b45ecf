import type { z } from 'zod';

import { definePrompt } from '../prompt/define-prompt.js';
import type { PromptDefinition } from '../prompt/define-prompt.js';
import { defineResource, defineResourceTemplate } from '../resource/define-resource.js';
import type { StaticResource, TemplateResource } from '../resource/define-resource.js';
import { defineTool } from '../tool/define-tool.js';
import type { Tool, ToolSpec } from '../tool/define-tool.js';

/** The define functions of one server, with its context type bound once (see toolkit). */
export interface Toolkit<Context> {
  tool<Input extends z.ZodObject, Output extends z.ZodObject>(
    spec: ToolSpec<Context, Input, Output>
  ): Tool<Context, Input, Output>;
  resource(spec: Omit<StaticResource<Context>, 'kind'>): StaticResource<Context>;
  resourceTemplate(spec: Omit<TemplateResource<Context>, 'kind'>): TemplateResource<Context>;
  /** Erased to the server's prompt list type, as definePrompt does. */
  prompt<Args extends z.ZodObject>(spec: PromptDefinition<Context, Args>): PromptDefinition<Context>;
}

/**
 * A server's define functions with its context type bound once: `const define =
 * toolkit<NotesContext>()` in one file, then `define.tool({ … })` in each tool's file, whose
 * handler receives a `call.context` of that type without annotating it.
 */
export function toolkit<Context>(): Toolkit<Context> {
  return {
    tool: spec => defineTool(spec),
    resource: spec => defineResource(spec),
    resourceTemplate: spec => defineResourceTemplate(spec),
    prompt: spec => definePrompt(spec)
  };
}
