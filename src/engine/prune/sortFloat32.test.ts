import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sortFloat32 } from './sortFloat32';

describe('sortFloat32', () => {
  it('sorts like Float32Array.prototype.sort, including ±0, infinities and subnormals', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ noNaN: true }), { maxLength: 200 }), (values) => {
        const input = Float32Array.from(values);
        const sorted = sortFloat32(input);
        const expected = input.slice().sort();
        expect(new Uint8Array(sorted.buffer)).toEqual(new Uint8Array(expected.buffer));
      }),
    );
  });

  it('leaves its input alone and handles an offset view', () => {
    const backing = Float32Array.of(9, 3, -1, 2, 7);
    const view = backing.subarray(1, 4);
    expect(Array.from(sortFloat32(view))).toEqual([-1, 2, 3]);
    expect(Array.from(backing)).toEqual([9, 3, -1, 2, 7]);
  });
});
