import type { Client } from '@modelcontextprotocol/client';
import type { ServableServer } from '@mcpkit/core';
import { byteLength } from '@mcpkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { connectInProcess } from '../connect.js';
import type { ClientSetup, Era, TestConnection } from '../connect.js';
import { findUnboundedFields, wrongTypeValue } from './schema-rules.js';
import type { JsonSchemaNode } from './schema-rules.js';

/** Arguments for one valid call of a tool, or a function that prepares them. */
export type SampleCall =
  Record<string, unknown> | ((server: ServableServer) => Promise<Record<string, unknown>>) | ToolErrorSample;

const TOOL_ERROR_SAMPLE = Symbol.for('mcpkit.tool-error-sample');

/** A call whose correct answer is a tool error (e.g. a tool that exists to fail). */
export interface ToolErrorSample {
  readonly [TOOL_ERROR_SAMPLE]: true;
  readonly args: Record<string, unknown>;
}

/** Marks a sample call whose correct outcome is an `isError` result with a message. */
export function toolErrorSample(args: Record<string, unknown> = {}): ToolErrorSample {
  return { [TOOL_ERROR_SAMPLE]: true, args };
}

export interface ServerContractOptions {
  /** Label for the describe block. */
  name: string;
  /** Builds the server under test (once per era). */
  create(): Promise<ServableServer> | ServableServer;
  /** A valid call for every tool; its result must validate against the tool's outputSchema. */
  samples: Record<string, SampleCall>;
  /** Eras to check. Default both. */
  eras?: readonly Era[];
  /** Capabilities and handlers of the contract's client (for tools that ask for input). */
  client?: ClientSetup;
  /** The server in its read-only mode, where it has one: it must list read-only tools only. */
  createReadOnly?: () => Promise<ServableServer> | ServableServer;
}

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/**
 * The server contract every mcpkit server runs against itself (in each protocol era): described,
 * annotated, bounded tools with an outputSchema; structured results that validate; readable errors
 * for invalid arguments; results within the byte budget; a deterministic tools/list.
 */
export function describeServerContract(options: ServerContractOptions): void {
  describe.each(options.eras ?? (['modern', 'legacy'] as const))(
    `${options.name} server contract (%s era)`,
    era => {
      let server: ServableServer;
      let connection: TestConnection;
      let client: Client;
      let tools: Awaited<ReturnType<Client['listTools']>>['tools'];

      beforeAll(async () => {
        server = await options.create();
        connection = await connectInProcess(server, {
          era,
          entry: 'http',
          ...(options.client ? { client: options.client } : {})
        });
        client = connection.client;
        tools = (await client.listTools()).tools;
      });
      afterAll(async () => {
        await connection?.close();
        await server?.close();
      });

      it('lists at least one tool, sorted by name, the same way every time', async () => {
        expect(tools.length).toBeGreaterThan(0);
        expect(tools.map(tool => tool.name)).toEqual(
          tools.map(tool => tool.name).sort((a, b) => a.localeCompare(b))
        );
        expect((await client.listTools()).tools).toEqual(tools);
        const other = await connectInProcess(server, {
          era,
          entry: 'stdio',
          ...(options.client ? { client: options.client } : {})
        });
        try {
          expect((await other.client.listTools()).tools).toEqual(tools);
        } finally {
          await other.close();
        }
      });

      it('gives every tool a snake_case name, a description, full annotations and an object outputSchema', () => {
        for (const tool of tools) {
          expect(tool.name, 'tool name').toMatch(SNAKE_CASE);
          expect(tool.description?.length ?? 0, `${tool.name} description`).toBeGreaterThanOrEqual(20);
          for (const hint of [
            'readOnlyHint',
            'destructiveHint',
            'idempotentHint',
            'openWorldHint'
          ] as const) {
            expect(typeof tool.annotations?.[hint], `${tool.name} annotations.${hint}`).toBe('boolean');
          }
          expect(tool.outputSchema?.type, `${tool.name} outputSchema`).toBe('object');
        }
      });

      it('gives no tool contradictory annotations', () => {
        for (const tool of tools) {
          const { readOnlyHint, destructiveHint, idempotentHint } = tool.annotations ?? {};
          // destructiveHint and idempotentHint describe how a tool changes things: one that changes
          // nothing is neither (the spec gives them meaning only when readOnlyHint is false).
          expect(readOnlyHint && destructiveHint, `${tool.name}: read-only and destructive`).toBe(false);
          expect(
            readOnlyHint === true && idempotentHint === false,
            `${tool.name}: read-only yet not idempotent`
          ).toBe(false);
        }
      });

      it('describes every resource and template, and reads every listed resource within the budget', async () => {
        const capabilities = client.getServerCapabilities();
        if (capabilities?.resources === undefined) {
          // No resources advertised: none listed either (the client may not even ask).
          const listed = await client.listResources().catch(() => ({ resources: [] }));
          expect(listed.resources).toEqual([]);
          return;
        }
        const { resources } = await client.listResources();
        const { resourceTemplates } = await client.listResourceTemplates();
        expect(resources.length + resourceTemplates.length).toBeGreaterThan(0);
        for (const entry of [...resources, ...resourceTemplates]) {
          expect(entry.name, 'resource name').toMatch(/\S/);
          expect(entry.description?.length ?? 0, `${entry.name} description`).toBeGreaterThanOrEqual(20);
        }
        for (const resource of resources.slice(0, 20)) {
          const read = await client.readResource({ uri: resource.uri });
          expect(read.contents.length, `${resource.uri} contents`).toBeGreaterThan(0);
          expect(byteLength(read.contents), `${resource.uri} size`).toBeLessThanOrEqual(
            server.runtime.maxOutputBytes
          );
        }
      });

      it('refuses a read of a resource it does not have with a message', async () => {
        if (client.getServerCapabilities()?.resources === undefined) {
          await expect(client.readResource({ uri: 'mcpkit-contract://x' })).rejects.toThrow();
          return;
        }
        const refused = await client.readResource({ uri: 'mcpkit-contract://no/such/resource' }).then(
          () => undefined,
          (error: unknown) => error
        );
        expect(refused, 'reading an unknown resource succeeded').toBeInstanceOf(Error);
        expect((refused as Error).message.length).toBeGreaterThan(10);
      });

      it('completes every variable of every template with a bounded list', async () => {
        const { resourceTemplates } =
          client.getServerCapabilities()?.resources === undefined
            ? { resourceTemplates: [] }
            : await client.listResourceTemplates();
        for (const template of resourceTemplates) {
          for (const [, variable] of template.uriTemplate.matchAll(/\{[+#./;?&]?([^}*,]+)/g)) {
            if (client.getServerCapabilities()?.completions === undefined) continue;
            const { completion } = await client.complete({
              ref: { type: 'ref/resource', uri: template.uriTemplate },
              argument: { name: variable as string, value: '' }
            });
            expect(completion.values.length, `${template.uriTemplate} {${variable}}`).toBeLessThanOrEqual(
              100
            );
          }
        }
        expect(resourceTemplates.every(template => template.uriTemplate.includes('{'))).toBe(true);
      });

      it('describes every prompt and its arguments', async () => {
        if (client.getServerCapabilities()?.prompts === undefined) {
          // No prompts advertised: none listed either (the client may not even ask).
          const listed = await client.listPrompts().catch(() => ({ prompts: [] }));
          expect(listed.prompts).toEqual([]);
          return;
        }
        const { prompts } = await client.listPrompts();
        for (const prompt of prompts) {
          expect(prompt.description?.length ?? 0, `${prompt.name} description`).toBeGreaterThanOrEqual(20);
          for (const argument of prompt.arguments ?? [])
            expect(argument.description?.length ?? 0, `${prompt.name}.${argument.name}`).toBeGreaterThan(0);
        }
      });

      it('describes and bounds every input field', () => {
        const findings = tools.flatMap(tool =>
          findUnboundedFields(tool.inputSchema as JsonSchemaNode).map(finding => `${tool.name}: ${finding}`)
        );
        expect(findings).toEqual([]);
      });

      it('has a sample call for every tool', () => {
        expect(tools.map(tool => tool.name).filter(name => !(name in options.samples))).toEqual([]);
      });

      it('returns structured results that validate against the outputSchema and fit the byte budget', async () => {
        for (const tool of server.tools) {
          const sample = options.samples[tool.name];
          if (sample === undefined) continue;
          if (TOOL_ERROR_SAMPLE in sample) {
            const failed = await client.callTool({ name: tool.name, arguments: sample.args });
            expect(failed.isError, `${tool.name} should fail`).toBe(true);
            expect((failed.content as { text?: string }[])[0]?.text?.length ?? 0).toBeGreaterThan(0);
            continue;
          }
          const args = typeof sample === 'function' ? await sample(server) : sample;
          const result = await client.callTool({ name: tool.name, arguments: args });
          const text = JSON.stringify(result.content);
          expect(result.isError ?? false, `${tool.name} failed: ${text}`).toBe(false);
          const parsed = tool.output.safeParse(result.structuredContent);
          expect(parsed.success, `${tool.name} structuredContent: ${parsed.error?.message ?? ''}`).toBe(true);
          expect(byteLength(result.structuredContent)).toBeLessThanOrEqual(server.runtime.maxOutputBytes);
          expect(byteLength((result.content as { text?: string }[])[0]?.text ?? '')).toBeLessThanOrEqual(
            server.runtime.maxOutputBytes
          );
        }
      });

      it('answers a wrong-typed value in any field with an isError result naming that field', async () => {
        for (const tool of tools) {
          // The sample's other arguments stay valid, so the error can only be this field's.
          const sample = options.samples[tool.name];
          const valid =
            sample !== undefined && typeof sample !== 'function' && !(TOOL_ERROR_SAMPLE in sample)
              ? sample
              : {};
          for (const [field, schema] of Object.entries(
            (tool.inputSchema as JsonSchemaNode).properties ?? {}
          )) {
            const result = await client.callTool({
              name: tool.name,
              arguments: { ...valid, [field]: wrongTypeValue(schema) }
            });
            expect(result.isError, `${tool.name} accepted a wrong-typed ${field}`).toBe(true);
            expect(JSON.stringify(result.content), `${tool.name} error names ${field}`).toContain(field);
          }
        }
      });

      const { createReadOnly } = options;
      if (createReadOnly !== undefined)
        it('lists only read-only tools in its read-only mode', async () => {
          const readOnly = await createReadOnly();
          const other = await connectInProcess(readOnly, { era, entry: 'stdio' });
          try {
            const listed = (await other.client.listTools()).tools;
            expect(listed.length).toBeGreaterThan(0);
            expect(
              listed.filter(tool => tool.annotations?.readOnlyHint !== true).map(tool => tool.name)
            ).toEqual([]);
          } finally {
            await other.close();
            await readOnly.close();
          }
        });
    }
  );
}
