import { describe, expect, it } from 'vitest';

import { parseMemoryFile, serializeMemoryFile } from '../src/store/jsonl.js';

const OFFICIAL = [
  '{"type":"entity","name":"Ada","entityType":"person","observations":["wrote notes","ünïcode \\"quoted\\""]}',
  '{"type":"entity","name":"Engine","entityType":"machine","observations":[]}',
  '{"type":"relation","from":"Ada","to":"Engine","relationType":"programmed"}'
].join('\n');

const lines = (text: string) => text.split('\n');

describe('memory.jsonl', () => {
  it('round-trips a file in the official format byte for byte', () => {
    const parsed = parseMemoryFile(OFFICIAL);
    expect(parsed.problems).toEqual([]);
    expect(parsed.entities.map(item => item.line)).toEqual([1, 2]);
    expect(parsed.relations.map(item => item.line)).toEqual([3]);
    expect(
      serializeMemoryFile({
        entities: parsed.entities.map(item => item.entity),
        relations: parsed.relations.map(item => item.relation)
      })
    ).toBe(OFFICIAL);
  });

  it('reports each unusable line with its number and why, and keeps the rest', () => {
    const text = [
      lines(OFFICIAL)[0],
      '{"type":"entity","name":"Half',
      '',
      '{"type":"relation","from":"Ada"}',
      '{"type":"other"}',
      lines(OFFICIAL)[1],
      '{"type":"entity","name":"Nul","entityType":"t","observations":["a\\u0000b","kept"]}',
      '{"type":"entity","name":"Ada","entityType":"robot","observations":["second Ada"]}',
      `{"type":"entity","name":"${'n'.repeat(1001)}","entityType":"t","observations":[]}`,
      lines(OFFICIAL)[2],
      lines(OFFICIAL)[2]
    ].join('\r\n');
    const parsed = parseMemoryFile(text);
    expect(parsed.entities.map(item => [item.line, item.entity.name, item.entity.observations])).toEqual([
      [1, 'Ada', ['wrote notes', 'ünïcode "quoted"']],
      [6, 'Engine', []],
      [7, 'Nul', ['kept']]
    ]);
    expect(parsed.problems.map(problem => problem.line)).toEqual([2, 4, 5, 7, 8, 9, 11]);
    const message = (line: number) => parsed.problems.find(problem => problem.line === line)?.message;
    expect(message(2)).toMatch(/not valid JSON/);
    expect(message(4)).toMatch(/relation line with missing or mistyped fields/);
    expect(message(7)).toMatch(/observation 1 contains the NUL character.*that observation is skipped/);
    expect(message(8)).toMatch(/"Ada" is already defined on line 1/);
    expect(message(9)).toMatch(/name has 1001 characters, over the 1000/);
    expect(message(11)).toMatch(/same relation is already on line 10/);
  });

  it('skips a lone surrogate (which an official file can hold) instead of corrupting it', () => {
    // JSON.stringify writes a lone surrogate as an escape: the official server can write one.
    const entity = JSON.stringify({
      type: 'entity',
      name: 'Emoji',
      entityType: 't',
      observations: ['ok 😀', 'cut \ud83d']
    });
    const nameless = JSON.stringify({
      type: 'entity',
      name: 'half \udc00',
      entityType: 't',
      observations: []
    });
    const parsed = parseMemoryFile([entity, nameless].join('\n'));
    expect(parsed.entities).toEqual([
      { line: 1, entity: { name: 'Emoji', entityType: 't', observations: ['ok 😀'] } }
    ]);
    expect(parsed.problems.map(problem => [problem.line, problem.message])).toEqual([
      [1, expect.stringMatching(/observation 2 contains a lone UTF-16 surrogate.*skipped/)],
      [2, expect.stringMatching(/name contains a lone UTF-16 surrogate.*entity is skipped/)]
    ]);
  });
});
