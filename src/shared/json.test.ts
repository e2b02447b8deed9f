import { describe, expect, it } from 'vitest';
import { jsonOr, jsonStrings } from './json.js';

describe('stored JSON columns', () => {
  it('reads what was written and falls back on damage, null or empty', () => {
    expect(jsonOr('{"a":[1,2]}', {})).toEqual({ a: [1, 2] });
    for (const bad of ['{"a":', 'not json', '', null, undefined, '\u0000']) expect(jsonOr(bad, { fallback: true })).toEqual({ fallback: true });
  });

  it('reads a list of strings, and nothing else, as a list of strings', () => {
    expect(jsonStrings('["a","b"]')).toEqual(['a', 'b']);
    expect(jsonStrings('["a",1,null,{"x":1}]')).toEqual(['a']);
    for (const other of ['{"a":1}', '"a"', '42', 'null', '[', null]) expect(jsonStrings(other)).toEqual([]);
  });
});
