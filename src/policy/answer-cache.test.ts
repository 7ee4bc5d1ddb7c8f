import { describe, expect, it } from 'vitest';
import { createAnswerCache } from './answer-cache.ts';
import type { CedarAnswer } from './cedar-authorizer.ts';

const allow = (id: string): CedarAnswer => ({ decision: 'allow', determining: [id], errors: [] });

describe('the Cedar answer cache', () => {
  it('keys on operation and path together', () => {
    const cache = createAnswerCache(8);
    cache.set('GET /api/x/:id', '/api/x/1', allow('p1'));
    expect(cache.get('GET /api/x/:id', '/api/x/1')).toEqual(allow('p1'));
    expect(cache.get('GET /api/x/:id', '/api/x/2')).toBeUndefined();
    expect(cache.get('PUT /api/x/:id', '/api/x/1')).toBeUndefined();
  });

  it('keeps a copy, so a caller changing its answer afterwards changes nothing cached', () => {
    const cache = createAnswerCache(8);
    const answer = allow('p1');
    cache.set('op', '/a', answer);
    answer.determining.push('tampered');
    expect(cache.get('op', '/a')?.determining).toEqual(['p1']);
  });

  it('drops the least recently used answer when full', () => {
    const cache = createAnswerCache(2);
    cache.set('op', '/a', allow('a'));
    cache.set('op', '/b', allow('b'));
    expect(cache.get('op', '/a')).toBeDefined();
    cache.set('op', '/c', allow('c'));
    expect(cache.size).toBe(2);
    expect(cache.get('op', '/b')).toBeUndefined();
    expect(cache.get('op', '/a')).toBeDefined();
    expect(cache.get('op', '/c')).toBeDefined();
  });

  it('never keeps an answer with evaluation errors, nor anything at capacity 0', () => {
    const cache = createAnswerCache(8);
    cache.set('op', '/a', { decision: 'deny', determining: [], errors: ['p1'] });
    expect(cache.get('op', '/a')).toBeUndefined();
    const off = createAnswerCache(0);
    off.set('op', '/a', allow('a'));
    expect(off.get('op', '/a')).toBeUndefined();
    expect(off.size).toBe(0);
  });
});
