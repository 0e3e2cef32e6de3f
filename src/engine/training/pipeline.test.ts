import { describe, expect, it } from 'vitest';
import { pipelineBubbleFraction, pipelineSchedule } from './pipeline';

describe('pipelineBubbleFraction', () => {
  it("is GPipe's (K − 1)/(M + K − 1): 4 stages and 12 micro-batches idle 3/15 = 20 %", () => {
    expect(pipelineBubbleFraction(4, 12)).toBe(0.2);
    expect(pipelineBubbleFraction(4, 1)).toBe(0.75);
    expect(pipelineBubbleFraction(1, 7)).toBe(0);
  });

  it('names 0 micro-batches or stages', () => {
    expect(() => pipelineBubbleFraction(4, 0)).toThrow(/micro-batches must be a whole number of at least 1 \(got 0\)/);
    expect(() => pipelineBubbleFraction(0, 4)).toThrow(/stages/);
    expect(() => pipelineBubbleFraction(2.5, 4)).toThrow(/stages/);
  });
});

describe('pipelineSchedule', () => {
  for (const [p, m] of [[1, 1], [2, 3], [4, 4], [4, 12], [3, 8]]) {
    it(`with ${p} stages and ${m} micro-batches respects the dependencies and idles the bubble`, () => {
      const { slots, length } = pipelineSchedule(p, m);
      const at = (s: number, j: number, pass: string) => slots.find((x) => x.stage === s && x.microbatch === j && x.pass === pass)!.start;
      for (let s = 0; s < p; s++) {
        const starts = slots.filter((x) => x.stage === s).map((x) => x.start);
        expect(new Set(starts).size).toBe(starts.length); // one pass at a time per stage
        for (let j = 0; j < m; j++) {
          if (s > 0) expect(at(s, j, 'forward')).toBeGreaterThan(at(s - 1, j, 'forward'));
          if (s < p - 1) expect(at(s, j, 'backward')).toBeGreaterThan(at(s + 1, j, 'backward'));
          expect(at(s, j, 'backward')).toBeGreaterThan(at(p - 1, j, 'forward'));
        }
      }
      expect(Math.max(...slots.map((x) => x.start)) + 1).toBe(length);
      const idle = 1 - slots.length / (p * length);
      expect(idle).toBeCloseTo(pipelineBubbleFraction(p, m), 12);
    });
  }
});
