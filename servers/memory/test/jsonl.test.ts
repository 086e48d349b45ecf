import { describe, expect, it } from 'vitest';

import { parseMemoryFile, serializeMemoryFile } from '../src/store/jsonl.js';

const OFFICIAL = [
  '{"type":"entity","name":"Ada","entityType":"person","observations":["wrote notes","ünïcode \\"quoted\\""]}',
  '{"type":"entity","name":"Engine","entityType":"machine","observations":[]}',
  '{"type":"relation","from":"Ada","to":"Engine","relationType":"programmed"}'
].join('\n');

describe('memory.jsonl', () => {
  it('round-trips a file in the official format byte for byte', () => {
    const { graph, problems } = parseMemoryFile(OFFICIAL);
    expect(problems).toEqual([]);
    expect(graph.entities).toHaveLength(2);
    expect(serializeMemoryFile(graph)).toBe(OFFICIAL);
  });

  it('reports a corrupt line with its number and keeps the rest', () => {
    const text = [
      OFFICIAL.split('\n')[0],
      '{"type":"entity","name":"Half',
      '',
      '{"type":"relation","from":"Ada"}',
      '{"type":"other"}',
      OFFICIAL.split('\n')[1],
      '{"type":"entity","name":"Nul","entityType":"t","observations":["a\\u0000b"]}'
    ].join('\n');
    const { graph, problems } = parseMemoryFile(text);
    expect(graph.entities.map(entity => entity.name)).toEqual(['Ada', 'Engine']);
    expect(problems.map(problem => problem.line)).toEqual([2, 4, 5, 7]);
    expect(problems[3]?.message).toMatch(/NUL character/);
    expect(problems[0]?.message).toMatch(/not valid JSON/);
    expect(problems[1]?.message).toMatch(/relation line with missing or mistyped fields/);
  });
});
