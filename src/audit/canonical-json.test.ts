import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.ts';
import { canonicalJson } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    const value = { b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } };
    expect(canonicalJson(value)).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('does not depend on insertion order', () => {
    const first = { one: 1, two: { alpha: 'a', beta: 'b' } };
    const second = { two: { beta: 'b', alpha: 'a' }, one: 1 };
    expect(canonicalJson(first)).toBe(canonicalJson(second));
  });

  it('orders keys by UTF-16 code units, as RFC 8785 does', () => {
    // "\u00e9" (233) sorts after "z" (122); "\ud83d\ude00" (a surrogate pair) after "\ufb01" (64257).
    const value = { é: 1, z: 2, '😀': 3, ﬁ: 4, Z: 5, '10': 6, '9': 7 };
    expect(canonicalJson(value)).toBe('{"10":6,"9":7,"Z":5,"z":2,"é":1,"😀":3,"ﬁ":4}');
  });

  it('writes strings as JSON.stringify does, unicode kept as is and controls escaped', () => {
    const text = 'Zürich "quoted" \\ tab\t newline\n 日本 😀 \u2028 lone \ud800';
    expect(canonicalJson({ text })).toBe(`{"text":${JSON.stringify(text)}}`);
    expect(JSON.parse(canonicalJson({ text })).text).toBe(text);
  });

  it('writes numbers as JavaScript prints them', () => {
    expect(canonicalJson([0, -0, 1.5, 1e21, 1e-7, -12, 2 ** 53, 0.1 + 0.2])).toBe(
      '[0,0,1.5,1e+21,1e-7,-12,9007199254740992,0.30000000000000004]',
    );
  });

  it('uses toJSON where a value has one (dates)', () => {
    expect(canonicalJson({ at: new Date('2025-01-02T03:04:05.000Z') })).toBe(
      '{"at":"2025-01-02T03:04:05.000Z"}',
    );
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 2, a: 1 });
    expect(canonicalJson(bare)).toBe('{"a":1,"b":2}');
  });

  it.each([
    ['NaN', { value: Number.NaN }, '$.value'],
    ['Infinity', { nested: [1, Number.POSITIVE_INFINITY] }, '$.nested[1]'],
    ['undefined', { a: { b: undefined } }, '$.a.b'],
    ['a function', { run: () => 1 }, '$.run'],
    ['a symbol', { tag: Symbol('x') }, '$.tag'],
    ['a bigint', { big: 10n }, '$.big'],
    ['an array hole', { list: Object.assign([], { 0: 1, 2: 3 }) }, '$.list[1]'],
    ['a Map', { map: new Map([['a', 1]]) }, '$.map'],
  ])('refuses %s with an AppError naming the path', (_name, value, path) => {
    let caught: unknown;
    try {
      canonicalJson(value);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('invalid_argument');
    expect((caught as AppError).details?.path).toBe(path);
  });

  it('names the root it was given', () => {
    expect(() => canonicalJson({ a: undefined }, 'payload')).toThrow('payload.a');
  });
});
