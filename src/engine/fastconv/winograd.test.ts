import { describe, expect, it } from 'vitest';
import { castTensor } from '../quant/cast';
import { seededRandom } from '../random';
import { directConv3x3, winogradConv2d, winogradMatrices, winogradTile } from './winograd';

const fp16 = (x: number) => castTensor([x], 'fp16')[0];

describe('winogradMatrices', () => {
  it('F(2, 3) in one dimension gives the two outputs of a 3-tap correlation from 4 products', () => {
    const { AT, G, BT } = winogradMatrices(2);
    const d = [3, -1, 4, 2];
    const g = [0.5, 2, -1];
    const u = G.map((row) => row.reduce((t, v, k) => t + v * g[k], 0));
    const v = BT.map((row) => row.reduce((t, x, k) => t + x * d[k], 0));
    const y = AT.map((row) => row.reduce((t, a, k) => t + a * u[k] * v[k], 0));
    expect(y[0]).toBeCloseTo(3 * 0.5 - 2 - 4, 12);
    expect(y[1]).toBeCloseTo(-0.5 + 8 - 2, 12);
  });

  it('rejects a tile size other than 2 or 4', () => {
    expect(() => winogradMatrices(3 as never)).toThrow(/2 or 4, got 3/);
  });
});

describe('winogradConv2d', () => {
  it.each([2, 4] as const)('F(%i×%i, 3×3) equals the direct loop on a 14×11 image', (m) => {
    const random = seededRandom(m);
    const image = Float64Array.from({ length: 14 * 11 }, () => random());
    const kernel = Float64Array.from({ length: 9 }, () => random() - 0.5);
    const fast = winogradConv2d(image, 14, 11, kernel, m);
    const direct = directConv3x3(image, 14, 11, kernel);
    fast.output.forEach((v, i) => expect(v).toBeCloseTo(direct[i], 10));
  });

  it('counts 16 multiplications for a 2×2 tile against 36, and 36 for a 4×4 tile against 144', () => {
    const one = new Float64Array(9).fill(1);
    const f2 = winogradConv2d(new Float64Array(16), 4, 4, one, 2);
    expect([f2.multiplications, f2.directMultiplications]).toEqual([16, 36]);
    const f4 = winogradConv2d(new Float64Array(36), 6, 6, one, 4);
    expect([f4.multiplications, f4.directMultiplications]).toEqual([36, 144]);
  });

  it('loses more precision with bigger tiles when every step is rounded to fp16', () => {
    const random = seededRandom(21);
    const image = Float64Array.from({ length: 30 * 30 }, () => random());
    const kernel = Float64Array.from({ length: 9 }, () => random() - 0.5);
    const exact = directConv3x3(image, 30, 30, kernel);
    const worst = (out: Float64Array) => out.reduce((t, v, i) => Math.max(t, Math.abs(v - exact[i])), 0);
    const e2 = worst(winogradConv2d(image, 30, 30, kernel, 2, fp16).output);
    const e4 = worst(winogradConv2d(image, 30, 30, kernel, 4, fp16).output);
    expect(e2).toBeGreaterThan(0);
    expect(e4).toBeGreaterThan(e2);
  });
});

describe('winogradTile', () => {
  it('exposes V, U, M and Y of one tile, with M the element-wise product of U and V', () => {
    const d = [[1, 2, 0, 1], [0, 1, 3, 1], [2, 2, 1, 0], [1, 0, 1, 2]];
    const g = [[1, 0, -1], [2, 0, -2], [1, 0, -1]];
    const steps = winogradTile(d, g, 2);
    steps.M.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(steps.U[i][j] * steps.V[i][j], 12)));
    const direct = directConv3x3(d.flat(), 4, 4, g.flat());
    expect(steps.Y.flat().map((v) => Math.round(v * 1e9) / 1e9)).toEqual(Array.from(direct));
  });
});
