import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { distillationLoss } from './loss';
import { klDivergence, softCrossEntropy } from './divergence';
import { softmaxWithTemperature } from './softmax';

const C = 5;

const batch = fc.integer({ min: 1, max: 4 }).chain((rows) =>
  fc.record({
    student: fc.array(fc.double({ min: -8, max: 8, noNaN: true }), { minLength: rows * C, maxLength: rows * C }),
    teacher: fc.array(fc.double({ min: -8, max: 8, noNaN: true }), { minLength: rows * C, maxLength: rows * C }),
    labels: fc.array(fc.integer({ min: 0, max: C - 1 }), { minLength: rows, maxLength: rows }),
    temperature: fc.double({ min: 0.5, max: 20, noNaN: true }),
    alpha: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
);

function oneHot(labels: number[]): Float64Array {
  const t = new Float64Array(labels.length * C);
  labels.forEach((y, r) => (t[r * C + y] = 1));
  return t;
}

describe('distillationLoss', () => {
  it('is plain cross-entropy when alpha = 0', () => {
    const student = [2, -1, 0, 0.5, 3, 0, 0, 0, 0, 1];
    const labels = Int32Array.of(4, 2);
    const { loss, grad, hard } = distillationLoss(student, new Array(10).fill(7), labels, { temperature: 4, alpha: 0 });
    expect(loss).toBeCloseTo(softCrossEntropy(oneHot([4, 2]), student, C), 12);
    expect(hard).toBe(loss);
    const q = softmaxWithTemperature(student, 1, C);
    const y = oneHot([4, 2]);
    grad.forEach((g, i) => expect(g).toBeCloseTo((q[i] - y[i]) / 2, 6));
  });

  it('is T² · KL(teacher_T ‖ student_T) when alpha = 1', () => {
    const student = [2, -1, 0, 0.5, 3];
    const teacher = [1, 1, -2, 0, 4];
    const T = 3;
    const { loss, soft } = distillationLoss(student, teacher, Int32Array.of(0), { temperature: T, alpha: 1 });
    const p = softmaxWithTemperature(teacher, T);
    const q = softmaxWithTemperature(student, T);
    expect(loss).toBeCloseTo(T * T * klDivergence(p, q, C), 5);
    expect(soft).toBe(loss);
  });

  it('is zero, with zero gradient, when the student copies the teacher and alpha = 1', () => {
    const z = [0.3, -2, 5, 1, 0];
    const { loss, grad } = distillationLoss(z, z, Int32Array.of(1), { temperature: 20, alpha: 1 });
    expect(loss).toBe(0);
    grad.forEach((g) => expect(g).toBe(0));
  });

  it('has the gradient that central finite differences give', () => {
    fc.assert(
      fc.property(batch, ({ student, teacher, labels, temperature, alpha }) => {
        const y = Int32Array.from(labels);
        const options = { temperature, alpha };
        const { grad } = distillationLoss(student, teacher, y, options);
        const s = Float64Array.from(student);
        const h = 1e-5;
        for (let i = 0; i < s.length; i++) {
          const v = s[i];
          s[i] = v + h;
          const up = distillationLoss(s, teacher, y, options).loss;
          s[i] = v - h;
          const down = distillationLoss(s, teacher, y, options).loss;
          s[i] = v;
          const numeric = (up - down) / (2 * h);
          // grad is float32: allow its rounding (2^-24 relative) plus the difference quotient's error
          expect(Math.abs(grad[i] - numeric)).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
        }
      }),
      { numRuns: 60 },
    );
  });

  it("approaches Hinton's logit matching as T grows: ∂/∂s_i of T²·KL → (s_i − t_i) / classes", () => {
    const centre = (z: number[]) => {
      const m = z.reduce((a, b) => a + b, 0) / z.length;
      return z.map((v) => v - m);
    };
    const s = centre([2, -1, 0, 0.5, 3]);
    const t = centre([1, 1, -2, 0, 4]);
    const limit = s.map((v, i) => (v - t[i]) / C);
    const gap = (T: number) => {
      const { grad } = distillationLoss(s, t, Int32Array.of(0), { temperature: T, alpha: 1 });
      return Math.max(...limit.map((l, i) => Math.abs(grad[i] - l)));
    };
    expect(gap(1)).toBeGreaterThan(0.1);
    expect(gap(10)).toBeLessThan(gap(1));
    expect(gap(100)).toBeLessThan(gap(10) / 5);
    expect(gap(1000)).toBeLessThan(1e-3);
  });

  it('explains bad temperatures, alphas, labels and lengths', () => {
    const z = [1, 2, 3, 4];
    const y = Int32Array.of(0, 1);
    const ok = { temperature: 2, alpha: 0.5 };
    for (const temperature of [0, -1, Number.NaN]) {
      expect(() => distillationLoss(z, z, y, { ...ok, temperature })).toThrow(/temperature must be a positive finite number/);
    }
    for (const alpha of [-0.1, 1.5, Number.NaN]) {
      expect(() => distillationLoss(z, z, y, { ...ok, alpha })).toThrow(/alpha must be between 0 and 1/);
    }
    expect(() => distillationLoss(z, z, Int32Array.of(0, 2), ok)).toThrow('labels[1] = 2 is outside 0..1');
    expect(() => distillationLoss(z, z, Int32Array.of(-1, 0), ok)).toThrow('labels[0] = -1 is outside 0..1');
    expect(() => distillationLoss(z, [1, 2, 3], y, ok)).toThrow('student and teacher logits differ in length (4 and 3)');
    expect(() => distillationLoss(z, z, Int32Array.of(0, 0, 0), ok)).toThrow('4 logits do not split into 3 rows (one per label)');
    expect(() => distillationLoss(z, z, new Int32Array(0), ok)).toThrow(/labels is empty/);
    expect(() => distillationLoss([1, Number.NaN, 3, 4], z, y, ok)).toThrow('student logits holds NaN at index 1');
  });
});
