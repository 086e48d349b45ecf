import { Writable } from 'node:stream';

import { Client, InMemoryTransport, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { createLogger } from '@mcpkit/observability';
import { createPrometheusMetrics } from '@mcpkit/observability/prometheus';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { ToolError } from '../errors/tool-error.js';
import { createHttpHandler } from '../http/http-handler.js';
import { definePrompt } from '../prompt/define-prompt.js';
import { defineResource, defineResourceTemplate } from '../resource/define-resource.js';
import { defineTool } from '../tool/define-tool.js';
import { createMcpkitServer } from './create-server.js';

interface Context {
  greeting: string;
  readOnly: boolean;
}

const annotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false
};

const greet = defineTool({
  name: 'greet',
  title: 'Greet',
  description: 'Greets someone by name.',
  input: z.object({ name: z.string().max(50).describe('Who to greet') }),
  output: z.object({ message: z.string() }),
  annotations,
  handler: ({ name }, call: { context: Context }) => ({ message: `${call.context.greeting}, ${name}!` }),
  render: output => output.message
});

const fail = defineTool({
  name: 'fail',
  title: 'Fail',
  description: 'Fails in the requested way.',
  input: z.object({ how: z.enum(['tool', 'internal', 'huge', 'huge-error']).describe('Failure kind') }),
  output: z.object({ text: z.string() }),
  annotations,
  handler: ({ how }) => {
    if (how === 'tool') throw new ToolError('NOT_FOUND', 'No such thing.', { hint: 'Try "thing".' });
    if (how === 'internal') throw new Error('database password=hunter2 exploded');
    // Quotes and line breaks: each takes two bytes in the JSON the budget counts.
    if (how === 'huge-error') throw new ToolError('TOO_CHATTY', '"\n'.repeat(5_000));
    return { text: 'x'.repeat(5000) };
  },
  render: output => output.text,
  overBudgetHint: 'Ask for a smaller failure.'
});

const count = defineTool({
  name: 'count',
  title: 'Count',
  description: 'Counts with progress.',
  input: z.object({ to: z.number().int().min(1).max(10).describe('Upper bound') }),
  output: z.object({ counted: z.number() }),
  annotations,
  async handler({ to }, call) {
    for (let index = 1; index <= to; index++) {
      call.throwIfCancelled();
      await call.progress(index, { total: to, message: `at ${index}` });
    }
    return { counted: to };
  },
  render: output => String(output.counted)
});

let observedCancellation: Promise<string> = Promise.resolve('not started');
const wait = defineTool({
  name: 'wait',
  title: 'Wait',
  description: 'Waits until cancelled (at most five seconds).',
  input: z.object({}),
  output: z.object({ cancelled: z.boolean() }),
  annotations,
  async handler(_input, call) {
    observedCancellation = new Promise(resolve => {
      call.signal.addEventListener('abort', () => resolve(String(call.signal.reason)), { once: true });
    });
    await Promise.race([observedCancellation, new Promise(resolve => setTimeout(resolve, 5000))]);
    call.throwIfCancelled();
    return { cancelled: false };
  },
  render: () => 'done'
});

const write = defineTool({
  name: 'write',
  title: 'Write',
  description: 'A write tool hidden in read-only mode.',
  input: z.object({}),
  output: z.object({ ok: z.boolean() }),
  annotations: { ...annotations, readOnlyHint: false },
  enabled: (context: Context) => !context.readOnly,
  handler: () => ({ ok: true }),
  render: () => 'ok'
});

const colours = ['red', 'green', 'blue'];

function build(options: { readOnly?: boolean; lines?: string[] } = {}) {
  const lines = options.lines ?? [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString().trim().split('\n'));
      callback();
    }
  });
  return createMcpkitServer<Context>(
    {
      name: 'test-server',
      version: '1.0.0',
      instructions: context => `Say ${context.greeting}.`,
      tools: [write, greet, fail, count, wait],
      resources: [
        defineResource<Context>({
          name: 'greeting',
          uri: 'test://greeting',
          title: 'Greeting',
          description: 'The configured greeting',
          mimeType: 'text/plain',
          read: (uri, call) => ({ contents: [{ uri: uri.href, text: call.context.greeting }] })
        }),
        defineResourceTemplate<Context>({
          name: 'broken',
          uriTemplate: 'test://broken/{thing}',
          title: 'Broken',
          description: 'A template whose completion fails',
          complete: {
            thing: () => {
              throw new Error('lookup via postgres://app:hunter2@10.0.0.5/prod failed at /srv/secret.ts');
            }
          },
          read: uri => ({ contents: [{ uri: uri.href, text: 'x' }] })
        }),
        defineResourceTemplate<Context>({
          name: 'colour',
          uriTemplate: 'test://colours/{colour}',
          title: 'Colour',
          description: 'A colour by name',
          complete: { colour: value => colours.filter(colour => colour.startsWith(value)) },
          read: (uri, variables) => {
            const colour = String(variables.colour);
            if (!colours.includes(colour)) {
              throw new ToolError('NOT_FOUND', `No colour ${colour}.`, {
                hint: `Known: ${colours.join(', ')}.`
              });
            }
            return { contents: [{ uri: uri.href, text: colour }] };
          }
        })
      ],
      prompts: [
        definePrompt<Context, z.ZodObject<{ colour: z.ZodString }>>({
          name: 'paint',
          title: 'Paint',
          description: 'Asks to paint something',
          args: z.object({ colour: z.string().describe('Colour to use') }),
          complete: { colour: value => colours.filter(colour => colour.startsWith(value)) },
          get: ({ colour }) => ({
            messages: [{ role: 'user', content: { type: 'text', text: `Paint it ${colour}.` } }]
          })
        })
      ]
    },
    {
      context: { greeting: 'Hello', readOnly: options.readOnly ?? false },
      logger: createLogger({ name: 'test', destination }),
      metrics: createPrometheusMetrics({ defaultLabels: { server: 'test-server' }, processMetrics: false }),
      maxOutputBytes: 2048
    }
  );
}

const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (open.length > 0) await open.pop()!();
});

async function connect(era: 'modern' | 'legacy', server = build()) {
  const client = new Client(
    { name: 'unit-client', version: '9.9.9' },
    era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {}
  );
  if (era === 'modern') {
    const handler = createHttpHandler(server);
    await client.connect(
      new StreamableHTTPClientTransport(new URL('http://127.0.0.1/mcp'), {
        fetch: (url, init) => handler.fetch(new Request(url, init))
      })
    );
    open.push(() => handler.close());
  } else {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.factory({ era: 'legacy' }).connect(serverSide);
    await client.connect(clientSide);
  }
  open.push(() => client.close());
  return client;
}

describe.each(['modern', 'legacy'] as const)('createMcpkitServer (%s era)', era => {
  it('lists enabled tools sorted by name with annotations and output schemas, and gives instructions', async () => {
    const client = await connect(era);
    const { tools } = await client.listTools();
    expect(tools.map(tool => tool.name)).toEqual(['count', 'fail', 'greet', 'wait', 'write']);
    expect(tools.find(tool => tool.name === 'greet')).toMatchObject({
      annotations: { title: 'Greet', ...annotations },
      outputSchema: { type: 'object' }
    });
    expect(client.getInstructions()).toBe('Say Hello.');
    const readOnly = await connect(era, build({ readOnly: true }));
    expect((await readOnly.listTools()).tools.map(tool => tool.name)).not.toContain('write');
  });

  it('returns structured content with a text rendering', async () => {
    const result = await (await connect(era)).callTool({ name: 'greet', arguments: { name: 'Ada' } });
    expect(result).toMatchObject({
      structuredContent: { message: 'Hello, Ada!' },
      content: [{ type: 'text', text: 'Hello, Ada!' }]
    });
    expect(result.isError).toBeFalsy();
  });

  it('turns a ToolError into an isError result with its hint', async () => {
    const result = await (await connect(era)).callTool({ name: 'fail', arguments: { how: 'tool' } });
    expect(result).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: 'No such thing.\nTry "thing".' }]
    });
  });

  it('hides unexpected errors behind a correlation id that is logged with the cause, secrets redacted', async () => {
    const lines: string[] = [];
    const result = await (
      await connect(era, build({ lines }))
    ).callTool({ name: 'fail', arguments: { how: 'internal' } });
    const text = (result.content as { text: string }[])[0]!.text;
    expect(result.isError).toBe(true);
    expect(text).not.toContain('exploded');
    const id = /correlation id ([0-9a-f-]{36})/.exec(text)?.[1];
    expect(id).toBeDefined();
    const logged = lines.map(line => JSON.parse(line) as Record<string, unknown>);
    const errorLine = logged.find(line => line.correlation_id === id && line.level === 'error');
    expect(JSON.stringify(errorLine)).toContain('exploded');
    expect(lines.join('\n')).not.toContain('hunter2');
    expect(logged.find(line => line.audit === 'tool_call' && line.correlation_id === id)).toMatchObject({
      tool: 'fail',
      outcome: 'internal_error',
      error_code: 'INTERNAL',
      era,
      client_name: 'unit-client',
      client_version: '9.9.9'
    });
  });

  it('refuses a result over the byte budget with advice to ask for less', async () => {
    const result = await (await connect(era)).callTool({ name: 'fail', arguments: { how: 'huge' } });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('2048-byte output budget');
    expect(JSON.stringify(result.content)).toContain('Ask for a smaller failure.');
  });

  it('reports progress only when asked, ending at the total', async () => {
    const client = await connect(era);
    const updates: { progress: number; total?: number | undefined }[] = [];
    const result = await client.callTool(
      { name: 'count', arguments: { to: 5 } },
      { onprogress: update => updates.push(update) }
    );
    expect(result.structuredContent).toEqual({ counted: 5 });
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates.at(-1)).toMatchObject({ progress: 5, total: 5 });
    expect(updates.map(update => update.progress)).toEqual(
      [...updates.map(update => update.progress)].sort((a, b) => a - b)
    );
  });

  it('reads resources and templates, and maps a ToolError to an invalid-params protocol error', async () => {
    const client = await connect(era);
    expect((await client.readResource({ uri: 'test://greeting' })).contents).toEqual([
      { uri: 'test://greeting', text: 'Hello' }
    ]);
    expect((await client.readResource({ uri: 'test://colours/red' })).contents[0]).toMatchObject({
      text: 'red'
    });
    await expect(client.readResource({ uri: 'test://colours/pink' })).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining('Known: red, green, blue.') as unknown
    });
  });

  it('completes template variables and prompt arguments, and renders prompts', async () => {
    const client = await connect(era);
    const templateCompletion = await client.complete({
      ref: { type: 'ref/resource', uri: 'test://colours/{colour}' },
      argument: { name: 'colour', value: 'g' }
    });
    expect(templateCompletion.completion.values).toEqual(['green']);
    const promptCompletion = await client.complete({
      ref: { type: 'ref/prompt', name: 'paint' },
      argument: { name: 'colour', value: 'b' }
    });
    expect(promptCompletion.completion.values).toEqual(['blue']);
    const prompt = await client.getPrompt({ name: 'paint', arguments: { colour: 'red' } });
    expect(prompt.messages[0]?.content).toEqual({ type: 'text', text: 'Paint it red.' });
  });

  it('aborts the handler signal when the client cancels the call', async () => {
    const client = await connect(era);
    const controller = new AbortController();
    const call = client.callTool({ name: 'wait', arguments: {} }, { signal: controller.signal });
    await new Promise(resolve => setTimeout(resolve, 50));
    controller.abort('user pressed stop');
    await expect(call).rejects.toThrow();
    // 2025 clients send notifications/cancelled with the reason; 2026-07-28 clients over HTTP close
    // the request's stream, which aborts the handler without one.
    const reason = await observedCancellation;
    expect(reason).toContain(era === 'legacy' ? 'user pressed stop' : 'Connection closed');
  });

  it('puts the trace context from _meta on the audit line', async () => {
    const lines: string[] = [];
    const client = await connect(era, build({ lines }));
    await client.callTool({
      name: 'greet',
      arguments: { name: 'x' },
      _meta: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }
    });
    const audit = lines
      .map(line => JSON.parse(line) as Record<string, unknown>)
      .find(line => line.audit === 'tool_call');
    expect(audit).toMatchObject({
      trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
      parent_span_id: '00f067aa0ba902b7'
    });
  });

  it('answers a failing completer with no suggestions, never its exception text', async () => {
    const lines: string[] = [];
    const client = await connect(era, build({ lines }));
    const result = await client.complete({
      ref: { type: 'ref/resource', uri: 'test://broken/{thing}' },
      argument: { name: 'thing', value: 'a' }
    });
    expect(result.completion.values).toEqual([]);
    expect(lines.join('\n')).toContain('completion failed');
    expect(lines.join('\n')).not.toContain('hunter2');
  });

  it('keeps a tool error message within the output budget', async () => {
    const result = await (await connect(era)).callTool({ name: 'fail', arguments: { how: 'huge-error' } });
    expect(result.isError).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(result.content))).toBeLessThanOrEqual(2048);
  });

  it('counts calls in metrics', async () => {
    const server = build();
    const client = await connect(era, server);
    await client.callTool({ name: 'greet', arguments: { name: 'x' } });
    await client.callTool({ name: 'fail', arguments: { how: 'tool' } });
    const text = await server.runtime.metrics.render!();
    expect(text).toContain('mcp_tool_calls_total{tool="greet",outcome="ok",server="test-server"} 1');
    expect(text).toContain('mcp_tool_errors_total{tool="fail",code="NOT_FOUND",server="test-server"} 1');
  });
});

describe('defineTool', () => {
  it('rejects names that are not snake_case', () => {
    expect(() =>
      defineTool({
        ...greet,
        name: 'Greet-Me',
        input: z.object({}),
        output: z.object({}),
        handler: () => ({}),
        render: () => ''
      })
    ).toThrow(/snake_case/);
  });

  it('refuses two tools with one name', () => {
    expect(() =>
      createMcpkitServer(
        { name: 's', version: '1', tools: [greet, greet] },
        { context: { greeting: 'x', readOnly: false } }
      )
    ).toThrow(/"greet"/);
  });
});
