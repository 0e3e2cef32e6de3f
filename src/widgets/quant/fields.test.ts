import { describe, expect, it } from 'vitest';
import { FIELDS, valueProblem } from './fields';

describe('the quantization widgets’ number fields', () => {
  it('refuse a link’s out-of-range, fractional and non-finite values with the field’s message, and never clamp', () => {
    expect(valueProblem(0, FIELDS.calibrationImages)).toBe('Calibration images must be a whole number from 1 to 60,000; got “0”.');
    expect(valueProblem(60001, FIELDS.calibrationImages)).toBe('Calibration images must be a whole number from 1 to 60,000; got “60001”.');
    expect(valueProblem(2.5, FIELDS.qatSteps)).toBe('Training steps must be a whole number from 1 to 5,000; “2.5” is not whole.');
    expect(valueProblem(Number.NaN, FIELDS.percentile)).toBe('Percentile must be a number from 50 to 100; “NaN” is not a number.');
    expect(valueProblem(10000, FIELDS.testImage)).toBe('Test image number must be a whole number from 0 to 9,999; got “10000”.');
  });

  it('accept the edges of each range', () => {
    for (const rule of Object.values(FIELDS)) {
      expect(valueProblem(rule.min, rule)).toBeUndefined();
      expect(valueProblem(rule.max, rule)).toBeUndefined();
    }
    expect(valueProblem(99.99, FIELDS.percentile)).toBeUndefined();
  });
});
