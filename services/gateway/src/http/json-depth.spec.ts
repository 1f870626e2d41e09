import { JsonDepthGauge, nestsDeeperThan } from './json-depth';

describe('JSON nesting depth, on the raw text', () => {
  it('counts objects and arrays, not brackets inside strings or escaped quotes', () => {
    expect(nestsDeeperThan('[[[]]]', 3)).toBe(false);
    expect(nestsDeeperThan('[[[[]]]]', 3)).toBe(true);
    expect(nestsDeeperThan('{"a":{"b":[1,{"c":2}]}}', 4)).toBe(false);
    expect(nestsDeeperThan('{"a":{"b":[1,{"c":{}}]}}', 4)).toBe(true);
    expect(nestsDeeperThan(JSON.stringify({ text: '[[[[[[{{{{', quoted: 'a\\"[[[[[' }), 1)).toBe(false);
    expect(nestsDeeperThan('[' + '[]'.repeat(10_000) + ']', 2)).toBe(false);
  });

  it('keeps its state across chunks (a string or an escape split between them)', () => {
    const gauge = new JsonDepthGauge(2);
    expect(gauge.feed(Buffer.from('[{"a":"x\\'))).toBe(false);
    expect(gauge.feed(Buffer.from('"[[[[" , "b": 1}'))).toBe(false);
    expect(gauge.feed(Buffer.from(',[[]]'))).toBe(true);
  });
});
