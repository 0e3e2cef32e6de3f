import { describe, expect, it } from 'vitest';
import { mnistFromDrawing, SIDE } from './drawnDigit';

/** A w×h drawing with the rectangle [x0, x1) × [y0, y1) fully inked. */
function rect(w: number, h: number, x0: number, x1: number, y0: number, y1: number): Float32Array {
  const ink = new Float32Array(w * h);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) ink[y * w + x] = 1;
  return ink;
}

function bounds(img: Float32Array) {
  const rows: number[] = [];
  const cols: number[] = [];
  img.forEach((v, i) => { if (v > 0) { rows.push(Math.floor(i / SIDE)); cols.push(i % SIDE); } });
  return { top: Math.min(...rows), bottom: Math.max(...rows), left: Math.min(...cols), right: Math.max(...cols) };
}

describe('mnistFromDrawing', () => {
  it('returns undefined for an empty drawing', () => {
    expect(mnistFromDrawing(new Float32Array(100), 10, 10)).toBeUndefined();
  });

  it('scales a tall stroke in a corner to 20 rows, keeps its aspect ratio and centres it', () => {
    // 40 × 200 inked block in the top-left corner of a 280 × 280 canvas: 4 × 20 pixels after scaling by 10.
    const img = mnistFromDrawing(rect(280, 280, 0, 40, 0, 200), 280, 280)!;
    const b = bounds(img);
    expect(b.bottom - b.top + 1).toBe(20);
    expect(b.right - b.left + 1).toBe(4);
    expect([b.top, b.bottom]).toEqual([4, 23]);
    expect([b.left, b.right]).toEqual([12, 15]);
    expect(img.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('averages areas, so ink covering half a target pixel gives 0.5', () => {
    const img = mnistFromDrawing(rect(40, 40, 0, 39, 0, 40), 40, 40)!;
    // The inked crop is 39 × 40: 2 source pixels per target pixel, so 20 target columns of which
    // the last covers one inked and one blank source column.
    const b = bounds(img);
    const lastColumn = Array.from({ length: 20 }, (_, r) => img[(b.top + r) * SIDE + b.right]);
    expect(lastColumn.every((v) => Math.abs(v - 0.5) < 1e-6)).toBe(true);
    expect(img[(b.top + 5) * SIDE + b.left]).toBe(1);
  });

  it('puts the centre of mass of a lopsided shape at the centre, not the box', () => {
    // An L: a bar along the bottom and a stem on the left; its mass lies below and left of the box centre.
    const ink = rect(100, 100, 0, 100, 90, 100);
    for (let y = 0; y < 90; y++) for (let x = 0; x < 10; x++) ink[y * 100 + x] = 1;
    const img = mnistFromDrawing(ink, 100, 100)!;
    let m = 0; let cx = 0; let cy = 0;
    img.forEach((v, i) => { m += v; cx += v * ((i % SIDE) + 0.5); cy += v * (Math.floor(i / SIDE) + 0.5); });
    expect(Math.abs(cx / m - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(cy / m - 14)).toBeLessThanOrEqual(0.5);
    // centring the box instead would put its top row at 4
    expect(bounds(img).top).toBe(0);
  });

  it('refuses a drawing whose size does not match', () => {
    expect(() => mnistFromDrawing(new Float32Array(10), 4, 4)).toThrow('a 4×4 drawing has 16 values, got 10');
  });
});
