import { afterEach, describe, expect, it, vi } from 'vitest';
import { addTime, beginProfile, endProfile, timed } from './profile';

// A hand-moved clock, so the expected times are exact whatever the machine's load.
let now = 0;
const advance = (ms: number) => { now += ms; };
vi.spyOn(performance, 'now').mockImplementation(() => now);
afterEach(() => { now = 0; });

describe('job profiles', () => {
  it('add up each phase’s wall time and call the time no phase claimed other', async () => {
    beginProfile('test.phases');
    advance(1);
    await timed('load', async () => advance(20));
    for (let step = 0; step < 2; step++) {
      addTime('forward', 5);
      advance(5);
      timed('callback', () => advance(3));
    }
    advance(2);
    const p = endProfile()!;
    expect(p.job).toBe('test.phases');
    expect(p.ms).toBe(39);
    expect(p.phases).toEqual({
      load: { ms: 20, count: 1 },
      forward: { ms: 10, count: 2 },
      callback: { ms: 6, count: 2 },
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
