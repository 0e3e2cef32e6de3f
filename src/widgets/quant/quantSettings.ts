// The quantization widgets' settings as they arrive from the URL and the inputs (text), turned
// into worker requests or into a sentence saying what is wrong. Display and validation only.
import { echoTyped, type CalibrationMethod } from '../../engine';
import type { ActivationQuantSpec } from '../../runtime/contract/quant';
import type { WeightQuantSpec } from '../../runtime/contract/quant';
import { parseField } from '../input';
import { calibrationProblem } from './calibrationInput';

/** Weight widths offered: 8…2 bits uniform, 2-bit ternary (three levels), 1-bit binary. */
export const WIDTHS = ['8', '7', '6', '5', '4', '3', '2', 'ternary', '1'] as const;
export type Width = (typeof WIDTHS)[number];
export const WIDTH_NAMES: Record<Width, string> = {
  8: '8 bits (256 levels)', 7: '7 bits (128 levels)', 6: '6 bits (64 levels)', 5: '5 bits (32 levels)',
  4: '4 bits (16 levels)', 3: '3 bits (8 levels)', 2: '2 bits (4 levels)', ternary: '2 bits, ternary (3 levels)', 1: '1 bit, binary (2 levels)',
};

/** Activation widths offered: off (float32), then 16 down to 2 bits. */
export const ACTIVATION_WIDTHS = ['off', ...Array.from({ length: 15 }, (_, i) => String(16 - i))] as const;

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

export function parseWidth(text: string, granularity: WeightQuantSpec['granularity'], scheme: WeightQuantSpec['scheme']): Parsed<WeightQuantSpec> {
  if (!(WIDTHS as readonly string[]).includes(text)) {
    return { ok: false, problem: `Weight bits must be a whole number from 1 to 8, or “ternary” (the link asks for “${echoTyped(text)}”).` };
  }
  return { ok: true, value: text === 'ternary' ? { bits: 2, ternary: true, granularity, scheme } : { bits: Number(text), granularity, scheme } };
}

/** null = activations stay float32. */
export function parseActivations(bitsText: string, method: CalibrationMethod, percentileText: string, imagesText: string): Parsed<ActivationQuantSpec | null> {
  if (bitsText === 'off') return { ok: true, value: null };
  const bits = Number(bitsText);
  if (bitsText.trim() === '' || !Number.isInteger(bits) || bits < 2 || bits > 16) {
    return { ok: false, problem: `Activation bits must be “off” or a whole number from 2 to 16 (the link asks for “${echoTyped(bitsText)}”).` };
  }
  // Numbers are read by the shared parser; their ranges are calibrationProblem's, which says why.
  const images = parseField(imagesText, { label: 'Calibration images', min: -Infinity, max: Infinity });
  if (!images.ok) return { ok: false, problem: images.message };
  const parsed = parseField(percentileText, { label: 'Percentile kept', min: -Infinity, max: Infinity });
  if (method === 'percentile' && !parsed.ok) return { ok: false, problem: parsed.message };
  const percentile = parsed.ok ? parsed.value : Number.NaN;
  const problem = calibrationProblem(images.value, method, percentile);
  if (problem) return { ok: false, problem };
  return { ok: true, value: { bits, method, percentile, calibrationImages: images.value } };
}

/** Short words for a result's settings, e.g. "4-bit weights per channel (affine), 8-bit activations (min/max on 500 images)". */
export function describeSettings(weights: WeightQuantSpec, activations: ActivationQuantSpec | null): string {
  const w = weights.bits === 1 ? 'binary weights' : weights.ternary ? 'ternary weights' : `${weights.bits}-bit ${weights.scheme} weights`;
  const g = weights.granularity === 'channel' ? ' per channel' : ' per tensor';
  if (!activations) return `${w}${g}, float32 activations`;
  const how = activations.method === 'percentile' ? `${activations.percentile}th percentile` : activations.method === 'mse' ? 'MSE-optimal' : 'min/max';
  return `${w}${g}, ${activations.bits}-bit activations (${how} on ${activations.calibrationImages.toLocaleString('en-US')} images)`;
}
