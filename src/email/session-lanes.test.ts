import { describe, expect, it } from 'vitest';
import { createSessionLanes } from './session-lanes.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('session lanes', () => {
  it('runs queued jobs one at a time, in order, after the holding work', async () => {
    const lanes = createSessionLanes();
    const order: string[] = [];
    let finishFirst: () => void = () => {};
    const hold = lanes.hold('s1');
    hold.attach(
      new Promise<void>((resolve) => {
        finishFirst = resolve;
      }).then(() => {
        order.push('first');
      }),
    );
    expect(lanes.busy('s1')).toBe(true);
    expect(() => lanes.hold('s1')).toThrow(/busy/);
    lanes.enqueue('s1', async () => {
      order.push('second');
    });
    lanes.enqueue('s1', async () => {
      order.push('third');
    });
    await tick();
    expect(order).toEqual([]);
    finishFirst();
    for (let index = 0; index < 10; index += 1) await tick();
    expect(order).toEqual(['first', 'second', 'third']);
    expect(lanes.busy('s1')).toBe(false);
  });

  it('drops waiting jobs on cancel and frees a lane released without work', async () => {
    const lanes = createSessionLanes();
    const ran: string[] = [];
    const hold = lanes.hold('s2');
    lanes.enqueue('s2', async () => {
      ran.push('dropped');
    });
    expect(lanes.cancelPending('s2')).toBe(1);
    hold.release();
    await tick();
    expect(ran).toEqual([]);
    expect(lanes.busy('s2')).toBe(false);
    expect(lanes.cancelPending('s2')).toBe(0);
    expect(() => lanes.enqueue('s2', async () => {})).toThrow(/idle/);
  });
});
