import { describe, expect, it } from 'vitest';
import { parseRun, type RunText } from './settings';

const good: RunText = { width: '30', temperature: '4', alpha: '0.9', steps: '300', lr: '0.01' };

describe('parseRun', () => {
  it('reads good fields into a run, scoring the probe about 30 times', () => {
    const parsed = parseRun(good, { withheldDigit: 3 });
    expect(parsed).toEqual({
      ok: true,
      value: { hidden: 30, temperature: 4, alpha: 0.9, steps: 300, learningRate: 0.01, evalEvery: 10, batchSize: 32, optimizer: 'adam', seed: 1, withheldDigit: 3 },
    });
  });

  it('names a temperature of 0 or below, an alpha outside [0, 1] and a width of 0, all at once', () => {
    const parsed = parseRun({ ...good, temperature: '0', alpha: '1.5', width: '0' });
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^The student's hidden layer needs a whole number of units from 10 to 800 \(got 0\)\.$/);
    expect(problems[1]).toMatch(/^The temperature must be a positive number \(got 0\)/);
    expect(problems[2]).toMatch(/^Alpha must be between 0 and 1 \(got 1.5\)/);
    expect(parseRun({ ...good, temperature: '-3' })).toMatchObject({ ok: false, problems: [expect.stringMatching(/got -3/)] });
  });

  it('names empty and non-numeric fields instead of reading them as 0', () => {
    const parsed = parseRun({ ...good, steps: '', lr: 'fast', alpha: '', width: '0x10' });
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      'Student hidden units must be a number; “0x10” is not a number.',
      'Weight of the teacher α is empty: enter a number.',
      'Training steps is empty: enter a whole number from 1 to 5,000.',
      'Learning rate must be a number from 0.000001 to 1e20; “fast” is not a number.',
    ]);
  });

  it('refuses fractional steps and huge learning rates without echoing long text', () => {
    const parsed = parseRun({ ...good, steps: '2.5', lr: '1'.repeat(5000) });
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      'Training steps must be a whole number from 1 to 5,000; “2.5” is not whole.',
      `Learning rate must be a number from 0.000001 to 1e20; “${'1'.repeat(24)}…” is not a number.`,
    ]);
  });
});
