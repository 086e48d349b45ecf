import { ALL_CONNECTIONS, cannedClient, connectInProcess } from '@mcpkit/testing';
import type { TestConnection } from '@mcpkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CANNED_ANSWERS, quietServer } from './helpers.js';

describe.each(ALL_CONNECTIONS)('$era era over $entry', ({ era, entry }) => {
  const server = quietServer();
  let connection: TestConnection;

  beforeAll(async () => {
    connection = await connectInProcess(server, { era, entry, client: cannedClient(CANNED_ANSWERS) });
  });
  afterAll(async () => {
    await connection.close();
    await server.close();
  });

  it('lists the tools', async () => {
    const { tools } = await connection.client.listTools();
    expect(tools.map(tool => tool.name)).toContain('test_simple_text');
    expect(tools.length).toBe(server.tools.length);
  });

  it('calls a tool and gets structured content with its rendering', async () => {
    const result = await connection.client.callTool({ name: 'test_simple_text', arguments: {} });
    expect(result.structuredContent).toEqual({ text: 'text' });
    expect(result.content).toEqual([{ type: 'text', text: 'This is a simple text response for testing.' }]);
  });

  it('returns a tool error as an isError result', async () => {
    const result = await connection.client.callTool({ name: 'test_error_handling', arguments: {} });
    expect(result).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: 'This tool intentionally returns an error for testing' }]
    });
  });

  it('reads a resource and a templated resource', async () => {
    expect((await connection.client.readResource({ uri: 'test://static-text' })).contents[0]).toMatchObject({
      text: 'This is the content of the static text resource.'
    });
    expect(
      (await connection.client.readResource({ uri: 'test://template/123/data' })).contents[0]
    ).toMatchObject({
      text: '{"id":"123","templateTest":true,"data":"Data for ID: 123"}'
    });
  });

  it('gets a prompt with arguments', async () => {
    const prompt = await connection.client.getPrompt({
      name: 'test_prompt_with_arguments',
      arguments: { arg1: 'one', arg2: 'two' }
    });
    expect(prompt.messages[0]?.content).toEqual({
      type: 'text',
      text: "Prompt with arguments: arg1='one', arg2='two'"
    });
  });

  it('completes a prompt argument', async () => {
    const result = await connection.client.complete({
      ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' },
      argument: { name: 'arg1', value: 'testValue' }
    });
    expect(result.completion.values).toEqual(['testValue1', 'testValue2']);
  });

  it('asks the client for input mid-call and uses the answer', async () => {
    const elicited = await connection.client.callTool({
      name: 'test_input_required_result_elicitation',
      arguments: {}
    });
    expect(elicited.structuredContent).toEqual({ text: 'Hello, Alice!' });
    const sampled = await connection.client.callTool({
      name: 'test_sampling',
      arguments: { prompt: 'Capital?' }
    });
    expect(sampled.structuredContent).toEqual({ text: 'LLM response: Paris' });
  });

  it('answers wrong argument types with a message naming the field', async () => {
    const result = await connection.client.callTool({ name: 'test_sampling', arguments: { prompt: 42 } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/prompt/);
  });

  it('keeps an unknown tool a protocol error', async () => {
    const outcome = await connection.client.callTool({ name: 'no_such_tool', arguments: {} }).then(
      result => ({ result }),
      (error: unknown) => ({ error })
    );
    expect(outcome).toHaveProperty('error');
    expect((outcome as { error: { code?: number } }).error.code).toBe(-32602);
  });
});
