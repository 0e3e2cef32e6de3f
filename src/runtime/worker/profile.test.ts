import { afterEach, describe, expect, it, vi } from 'vitest';
import { addTime, beginProfile, endProfile, timed } from './profile';

// A hand-moved clock, so the expected times are exact whatever the machine's load.
let now = 0;
const advance = (ms: number) => { now += ms; };
vi.spyOn(performance, 'now').mockImplementation(() => now);
afterEach(() => { now = 0; });

describe('job profiles', () => {
  it('count a phase timed inside another only once, in the inner phase', async () => {
    beginProfile('test.nested');
    advance(1);
    await timed('outer', async () => {
      advance(20);
      await timed('inner', async () => advance(30));
      addTime('measured', 5);
      advance(5);
    });
    advance(2);
    const p = endProfile()!;
    expect(p.ms).toBe(58);
    expect(p.phases).toEqual({
      outer: { ms: 20, count: 1 },
      inner: { ms: 30, count: 1 },
      measured: { ms: 5, count: 1 },
      other: { ms: 3, count: 1 },
    });
  });

  it('time nothing when no profile is open, and close a phase whose work throws', () => {
    expect(timed('lonely', () => 7)).toBe(7);
    expect(endProfile()).toBeUndefined();
    beginProfile('test.throws');
    expect(() => timed('fails', () => { advance(4); throw new Error('boom'); })).toThrow('boom');
    expect(endProfile()!.phases.fails).toEqual({ ms: 4, count: 1 });
  });
});
