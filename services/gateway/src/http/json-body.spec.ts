import { emptyTolerantJsonParser, isEmptyJson } from './json-body';

describe('JSON bodies', () => {
  it('an empty or whitespace-only body is empty; anything else is not', () => {
    for (const body of ['', Buffer.alloc(0), '  \r\n', Buffer.from(' \t')]) expect(isEmptyJson(body)).toBe(true);
    for (const body of ['{}', Buffer.from('null'), ' [] ']) expect(isEmptyJson(body)).toBe(false);
  });

  it('an empty body is no body (undefined); any other is handed to the JSON parser', () => {
    const parse = jest.fn((_request: unknown, body: string | Buffer, done: (e: Error | null, v?: unknown) => void) => done(null, JSON.parse(String(body))));
    const parser = emptyTolerantJsonParser(parse as never);
    const answers: unknown[] = [];
    parser({} as never, Buffer.alloc(0), (error, body) => answers.push([error, body]));
    parser({} as never, Buffer.from('{"a":1}'), (error, body) => answers.push([error, body]));
    expect(answers).toEqual([[null, undefined], [null, { a: 1 }]]);
    expect(parse).toHaveBeenCalledTimes(1);
  });
});
