import { describe, expect, it } from 'vitest';
import { contextFor } from './planner-test-kit.ts';
import { guardStep } from './turn-step.ts';

describe('guardStep', () => {
  it('answers instead of calling a tool the skill does not offer', () => {
    const context = contextFor('x', [], { offered: ['invoices_list'] });
    const step = guardStep(
      { kind: 'calls', note: '', calls: [{ name: 'invoices_submit', input: { id: 1 } }] },
      context,
    );
    expect(step).toEqual({
      kind: 'answer',
      text: 'I would need the tool invoices_submit for this, but this skill does not offer it, so I stopped.',
    });
  });

  it('drops calls already made this turn, and stops when nothing new is left', () => {
    const context = contextFor('x', [{ name: 'invoices_show', input: { id: 'A' }, result: {} }]);
    const repeat = { name: 'invoices_show', input: { id: 'A' } };
    const fresh = { name: 'invoices_show', input: { id: 'B' } };
    expect(guardStep({ kind: 'calls', note: 'n', calls: [repeat, fresh] }, context)).toEqual({
      kind: 'calls',
      note: 'n',
      calls: [fresh],
    });
    expect(guardStep({ kind: 'calls', note: 'n', calls: [repeat] }, context)).toEqual({
      kind: 'answer',
      text: 'I stopped: my next step would repeat a call already made after 1 tool call.',
    });
  });

  it('passes answers and allowed new calls through unchanged', () => {
    const context = contextFor('x');
    const calls = { kind: 'calls' as const, note: 'n', calls: [{ name: 'invoices_list', input: {} }] };
    expect(guardStep(calls, context)).toEqual(calls);
    expect(guardStep({ kind: 'answer', text: 'done' }, context)).toEqual({ kind: 'answer', text: 'done' });
  });
});
