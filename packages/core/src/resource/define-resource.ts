import type { ReadResourceResult, Resource } from '@modelcontextprotocol/server';

import type { RequestCall } from '../tool/tool-call.js';

/** A resource at one fixed URI. */
export interface StaticResource<Context> {
  readonly kind: 'static';
  name: string;
  uri: string;
  title: string;
  description: string;
  mimeType: string;
  read(uri: URL, call: RequestCall<Context>): Promise<ReadResourceResult> | ReadResourceResult;
}

/** Suggests values for one URI-template variable from the partial value typed so far. */
export type VariableCompleter<Context> = (
  value: string,
  options: { arguments: Record<string, string>; context: Context }
) => Promise<string[]> | string[];

/** A family of resources under an RFC 6570 URI template, with optional listing and completion. */
export interface TemplateResource<Context> {
  readonly kind: 'template';
  name: string;
  uriTemplate: string;
  title: string;
  description: string;
  mimeType?: string;
  /** Lists the concrete resources to show in `resources/list`; omit for unbounded families. */
  list?(call: RequestCall<Context>): Promise<Resource[]> | Resource[];
  /** Completion per template variable. */
  complete?: Record<string, VariableCompleter<Context>>;
  read(
    uri: URL,
    variables: Record<string, string | string[]>,
    call: RequestCall<Context>
  ): Promise<ReadResourceResult> | ReadResourceResult;
}

export type ResourceDefinition<Context> = StaticResource<Context> | TemplateResource<Context>;

/** Declares a resource at a fixed URI. Throw a ToolError for a read the host should report. */
export function defineResource<Context>(
  spec: Omit<StaticResource<Context>, 'kind'>
): StaticResource<Context> {
  return { kind: 'static', ...spec };
}

/** Declares a URI-template resource family (with completion of its variables). */
export function defineResourceTemplate<Context>(
  spec: Omit<TemplateResource<Context>, 'kind'>
): TemplateResource<Context> {
  return { kind: 'template', ...spec };
}
