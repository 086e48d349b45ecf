import type { RequestCall, ResourceDefinition } from '@mcpkit/core';
import { ToolError, defineResource, jsonBytes } from '@mcpkit/core';

import type { MemoryContext } from '../context.js';
import { entityLine, relationLine } from '../store/jsonl.js';
import { scanNamespace } from '../store/reads/namespace-scan.js';
import { EXPORT_URI, GRAPH_URI } from '../tools/change-graph.js';

/** Room kept for the resource envelope (uri, mimeType) around the text. */
const ENVELOPE_BYTES = 512;

class TooLarge extends Error {}

/**
 * The default namespace as one text, built as it is read and given up as soon as it passes the
 * output budget (measured as the client receives it), with what to use instead.
 */
async function wholeGraph(call: RequestCall<MemoryContext>, format: 'json' | 'jsonl'): Promise<string> {
  const budget = call.maxOutputBytes - ENVELOPE_BYTES;
  const entities: string[] = [];
  const relations: string[] = [];
  let used = 0;
  try {
    await call.context.database.readSnapshot(db =>
      scanNamespace(db, call.context.namespace, item => {
        const text =
          format === 'jsonl'
            ? item.kind === 'entity'
              ? entityLine(item.entity)
              : relationLine(item.relation)
            : JSON.stringify(item.kind === 'entity' ? item.entity : item.relation);
        used += jsonBytes(text) + 2;
        if (used > budget) throw new TooLarge();
        (item.kind === 'entity' ? entities : relations).push(text);
      })
    );
  } catch (error) {
    if (!(error instanceof TooLarge)) throw error;
    throw new ToolError(
      'GRAPH_TOO_LARGE',
      `The graph is larger than this server's ${call.maxOutputBytes}-byte output budget.`,
      {
        hint:
          format === 'jsonl'
            ? 'Write it to a file with the export_graph tool (the operator enables it with --export-dir), or read it in pages with read_graph.'
            : 'Read it in pages with the read_graph tool, or write it to a file with export_graph.'
      }
    );
  }
  return format === 'jsonl'
    ? [...entities, ...relations].join('\n')
    : `{"entities":[${entities.join(',')}],"relations":[${relations.join(',')}]}`;
}

/** A resource of the server's namespace as one text, in one of the two formats. */
function graphResource(spec: {
  name: string;
  uri: string;
  title: string;
  description: string;
  mimeType: string;
  format: 'json' | 'jsonl';
}): ResourceDefinition<MemoryContext> {
  return defineResource({
    name: spec.name,
    uri: spec.uri,
    title: spec.title,
    description: spec.description,
    mimeType: spec.mimeType,
    read: async (uri, call) => ({
      contents: [{ uri: uri.href, mimeType: spec.mimeType, text: await wholeGraph(call, spec.format) }]
    })
  });
}

/** The official `memory://knowledge-graph` resource, and the graph as memory.jsonl. */
export const resources: readonly ResourceDefinition<MemoryContext>[] = [
  graphResource({
    name: 'knowledge-graph',
    uri: GRAPH_URI,
    title: 'Knowledge graph',
    description:
      'The whole knowledge graph of the server’s namespace (entities and relations) as JSON, while it fits the output budget (else read_graph pages it). Subscribe to hear about changes, from this process or any other.',
    mimeType: 'application/json',
    format: 'json'
  }),
  graphResource({
    name: 'knowledge-graph-jsonl',
    uri: EXPORT_URI,
    title: 'Knowledge graph as memory.jsonl',
    description:
      'The knowledge graph in the official memory.jsonl format, byte for byte as the official server writes it, while it fits the output budget (export_graph writes any size to a file).',
    mimeType: 'application/jsonl',
    format: 'jsonl'
  })
];
