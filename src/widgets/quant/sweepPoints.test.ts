import { describe, expect, it } from 'vitest';
import { curveOfSpec, FLOAT_POINT, linesByCurve, parseCurves, placeResult, sweepPointsOf } from './sweepPoints';

describe('sweep points', () => {
  it('asks for 7 widths per uniform curve, 2 binary, 2 ternary and 4 casts', () => {
    expect(sweepPointsOf(['tensor-symmetric'])).toHaveLength(1 + 7);
    expect(sweepPointsOf(['tensor-symmetric'])[0]).toEqual({ id: FLOAT_POINT, float32: true });
    expect(sweepPointsOf(['tensor-symmetric', 'channel-affine', 'binary', 'ternary', 'casts'])).toHaveLength(1 + 7 + 7 + 2 + 2 + 4);
    expect(sweepPointsOf(['channel-affine'])[1]).toEqual({ id: 'channel-affine:2', spec: { bits: 2, granularity: 'channel', scheme: 'affine' } });
    expect(sweepPointsOf(['ternary'])[2]).toEqual({ id: 'ternary:channel', spec: { bits: 2, ternary: true, granularity: 'channel', scheme: 'symmetric' } });
  });

  it('places every result back on its curve at its width', () => {
    const placed = sweepPointsOf(['tensor-affine', 'binary', 'casts']).slice(1).map((p) => placeResult({ id: p.id, accuracy: 0.5, bytes: 1 }));
    expect(placed.filter((p) => p.curve === 'tensor-affine').map((p) => p.bits)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(placed.filter((p) => p.curve === 'binary').map((p) => [p.bits, p.label])).toEqual([[1, 'binary, per tensor'], [1, 'binary, per channel']]);
    expect(placed.filter((p) => p.curve === 'casts').map((p) => [p.bits, p.label])).toEqual([[8, 'fp8 E4M3'], [8, 'fp8 E5M2'], [16, 'bf16'], [16, 'fp16']]);
  });

  it('reads the URL’s curve list and reports unknown names', () => {
    expect(parseCurves('casts, tensor-symmetric,,nope')).toEqual({ curves: ['tensor-symmetric', 'casts'], unknown: ['nope'] });
  });

  it('puts a QAT spec on the curve of its scheme', () => {
    expect(curveOfSpec({ bits: 3, granularity: 'tensor', scheme: 'symmetric' })).toBe('tensor-symmetric');
    expect(curveOfSpec({ bits: 4, granularity: 'channel', scheme: 'affine' })).toBe('channel-affine');
    expect(curveOfSpec({ bits: 1, granularity: 'channel', scheme: 'affine' })).toBe('binary');
    expect(curveOfSpec({ bits: 2, ternary: true, granularity: 'tensor', scheme: 'symmetric' })).toBe('ternary');
  });

  it('draws one line per scheme, never joining points of two schemes', () => {
    const points = [
      { curve: 'tensor-symmetric' as const, bits: 4, id: 'a' },
      { curve: 'channel-affine' as const, bits: 3, id: 'b' },
      { curve: 'tensor-symmetric' as const, bits: 2, id: 'c' },
    ];
    expect(linesByCurve(points).map((l) => [l.curve, l.points.map((p) => p.id)])).toEqual([
      ['tensor-symmetric', ['c', 'a']],
      ['channel-affine', ['b']],
    ]);
  });
});
