import { describe, expect, it } from 'vitest';

import { RequestIdScanner } from './request-id-scanner.js';

function scan(text: string, pieceLength = 7): RequestIdScanner['result'] {
  const scanner = new RequestIdScanner();
  for (let index = 0; index < text.length; index += pieceLength)
    scanner.feed(text.slice(index, index + pieceLength));
  return scanner.result;
}

describe('RequestIdScanner', () => {
  const big = 'x'.repeat(5000);

  it.each([
    [`{"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"a":"${big}"}}`, 42],
    [`{"jsonrpc":"2.0","method":"tools/call","params":{"id":7,"text":"${big}"},"id":"req-9"}`, 'req-9'],
    [`{ "id" : -3.5e2 , "method" : "x", "params": [1, {"id": 1}] }`, -350],
    [`{"id":"quote \\" and \\\\ and \\u00e9","method":"m"}`, 'quote " and \\ and é'],
    [`{"params":{"nested":{"id":1}},"method":"m","id":0}`, 0]
  ])('finds the top-level id of %#', (text, id) => {
    expect(scan(text)).toEqual({ id, isRequest: true });
    expect(scan(text, 1)).toEqual({ id, isRequest: true });
  });

  it.each([
    [`{"jsonrpc":"2.0","method":"notifications/x","params":{"id":1,"t":"${big}"}}`],
    [`{"jsonrpc":"2.0","id":5,"result":{"t":"${big}"}}`],
    [`{"id":null,"method":"m"}`],
    [`{"id":{"not":"an id"},"method":"m"}`],
    [`{"id":"${'l'.repeat(300)}","method":"m"}`],
    ['["id", 1]']
  ])('does not make a request id out of %#', text => {
    expect(scan(text).isRequest).toBe(false);
  });
});
