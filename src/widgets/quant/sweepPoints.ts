// The configurations of the accuracy-versus-bits sweep: which worker points each curve needs, and
// how results group back into curves. Display logic only; the quantization itself is the worker's.
import type { CastFormat } from '../../engine';
import type { WeightQuantSpec } from '../../runtime/contract/quant';
import type { SweepPoint, SweepResult } from '../../runtime/contract/quant';

export const CURVES = ['tensor-symmetric', 'tensor-affine', 'channel-symmetric', 'channel-affine', 'binary', 'ternary', 'casts'] as const;
export type Curve = (typeof CURVES)[number];

export const CURVE_NAMES: Record<Curve, string> = {
  'tensor-symmetric': 'per tensor, symmetric',
  'tensor-affine': 'per tensor, affine',
  'channel-symmetric': 'per channel, symmetric',
  'channel-affine': 'per channel, affine',
  binary: 'binary (1 bit), per tensor and per channel',
  ternary: 'ternary (2 bits), per tensor and per channel',
  casts: 'float casts: fp8 E4M3, fp8 E5M2, bf16, fp16',
};

export const CAST_NAMES: Record<CastFormat, string> = { fp8e4m3: 'fp8 E4M3', fp8e5m2: 'fp8 E5M2', bf16: 'bf16', fp16: 'fp16' };
const CAST_ORDER: CastFormat[] = ['fp8e4m3', 'fp8e5m2', 'bf16', 'fp16'];
const CAST_WIDTH: Record<CastFormat, number> = { fp8e4m3: 8, fp8e5m2: 8, bf16: 16, fp16: 16 };

/** Uniform widths swept for each of the four curves. */
export const UNIFORM_BITS = [2, 3, 4, 5, 6, 7, 8] as const;

/** Where a result belongs: its curve and its width in bits (casts: the format's width). */
export interface PlacedResult extends SweepResult {
  curve: Curve;
  bits: number;
  /** e.g. "4 bits", "binary, per channel", "fp8 E4M3". */
  label: string;
}

function uniformPoint(curve: Curve, bits: number): SweepPoint {
  const [granularity, scheme] = curve.split('-') as [WeightQuantSpec['granularity'], WeightQuantSpec['scheme']];
  return { id: `${curve}:${bits}`, spec: { bits, granularity, scheme } };
}

/** Id of the float32 reference point every sweep starts with. */
export const FLOAT_POINT = 'float32';

/** The worker points for the chosen curves, after the float32 reference. */
export function sweepPointsOf(curves: readonly Curve[]): SweepPoint[] {
  const points: SweepPoint[] = [{ id: FLOAT_POINT, float32: true }];
  for (const curve of CURVES) {
    if (!curves.includes(curve)) continue;
    if (curve === 'casts') for (const cast of CAST_ORDER) points.push({ id: `casts:${cast}`, cast });
    else if (curve === 'binary' || curve === 'ternary') {
      for (const granularity of ['tensor', 'channel'] as const) {
        const spec: WeightQuantSpec = curve === 'binary' ? { bits: 1, granularity, scheme: 'symmetric' } : { bits: 2, ternary: true, granularity, scheme: 'symmetric' };
        points.push({ id: `${curve}:${granularity}`, spec });
      }
    } else for (const bits of UNIFORM_BITS) points.push(uniformPoint(curve, bits));
  }
  return points;
}

/** Puts a worker result back on its curve (not for the float32 point). */
export function placeResult(r: SweepResult): PlacedResult {
  const [curve, rest] = r.id.split(':') as [Curve, string];
  if (curve === 'casts') return { ...r, curve, bits: CAST_WIDTH[rest as CastFormat], label: CAST_NAMES[rest as CastFormat] };
  if (curve === 'binary' || curve === 'ternary') return { ...r, curve, bits: curve === 'binary' ? 1 : 2, label: `${curve}, per ${rest}` };
  return { ...r, curve, bits: Number(rest), label: `${rest} bits, ${CURVE_NAMES[curve]}` };
}

/** The curve whose scheme a weight spec uses (binary, ternary, or granularity and zero point). */
export function curveOfSpec(spec: WeightQuantSpec): Curve {
  if (spec.bits === 1) return 'binary';
  if (spec.ternary) return 'ternary';
  return `${spec.granularity}-${spec.scheme}`;
}

/** Points grouped into one line per curve, in CURVES order, each sorted by bits: no line joins two schemes. */
export function linesByCurve<T extends { curve: Curve; bits: number }>(points: readonly T[]): { curve: Curve; points: T[] }[] {
  return CURVES.map((curve) => ({ curve, points: points.filter((p) => p.curve === curve).sort((a, b) => a.bits - b.bits) }))
    .filter((l) => l.points.length > 0);
}

/** Parses the comma-separated curve list of the URL; unknown names are reported, not dropped silently. */
export function parseCurves(text: string): { curves: Curve[]; unknown: string[] } {
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  return {
    curves: CURVES.filter((c) => names.includes(c)),
    unknown: names.filter((n) => !(CURVES as readonly string[]).includes(n)),
  };
}
