// Checking an exercise's answer as the reader typed it.

/**
 * How an answer is checked: a number within a relative tolerance, one choice of several, or a
 * prediction compared with a number a widget measures on the page ("predict, then measure").
 */
export type Answer =
  | { type: 'number'; value: number; /** Relative tolerance, default 0.01 (1 %). */ tolerance?: number; unit?: string }
  | { type: 'choice'; options: string[]; correct: number }
  | MeasureAnswer;

/** A prediction checked against the measurement a widget posts under `key` (see measurements.ts). */
export interface MeasureAnswer {
  type: 'measure';
  /** The measurement's name, e.g. `quant.accuracy`. */
  key: string;
  /** Settings the measurement must have been taken with, e.g. `{ bits: '3', granularity: 'tensor' }`. */
  where?: Record<string, string>;
  /** What to do in the widget, in words ("set Weight bits to 3 and press Quantize and evaluate"). */
  run: string;
  /** A prediction this close to the measurement (in the answer's unit) counts as good. */
  within: number;
  unit?: string;
}

/** The number the reader typed (spaces, commas and underscores as thousands separators), or undefined. */
export function readNumber(text: string): number | undefined {
  const value = Number(text.replace(/[\s,_]/g, ''));
  return text.trim() === '' || !Number.isFinite(value) ? undefined : value;
}

/** Whether `text` answers a number or choice question; undefined when it cannot be read as an answer at all. */
export function isCorrect(answer: Exclude<Answer, MeasureAnswer>, text: string): boolean | undefined {
  if (answer.type === 'choice') {
    const i = Number(text);
    return text.trim() !== '' && Number.isInteger(i) && i >= 0 && i < answer.options.length ? i === answer.correct : undefined;
  }
  const value = readNumber(text);
  if (value === undefined) return undefined;
  const tolerance = answer.tolerance ?? 0.01;
  return Math.abs(value - answer.value) <= tolerance * Math.abs(answer.value) + 1e-12;
}

/** The tolerance of a question in words, shown beside its answer box. */
export function toleranceText(answer: Answer): string {
  if (answer.type === 'choice') return '';
  if (answer.type === 'measure') {
    const unit = answer.unit === '%' ? ' percentage points' : answer.unit ? ` ${answer.unit}` : '';
    return `A prediction within ${answer.within}${unit} of the measurement counts as good.`;
  }
  const tolerance = answer.tolerance ?? 0.01;
  if (tolerance === 0) return 'The exact number is expected.';
  return `Answers within ${+(tolerance * 100).toPrecision(3)} % of the exact value count as right.`;
}

/** How far a prediction is from a measurement, and whether that is within the exercise's margin. */
export function comparePrediction(answer: MeasureAnswer, predicted: number, measured: number): { difference: number; good: boolean } {
  const difference = predicted - measured;
  return { difference, good: Math.abs(difference) <= answer.within + 1e-12 };
}

/** Whether a measurement taken with `settings` is the one the exercise asks for. */
export function matchesSettings(where: Record<string, string> | undefined, settings: Record<string, string>): boolean {
  return Object.entries(where ?? {}).every(([k, v]) => settings[k] === v);
}
