// Checking an exercise's answer as the reader typed it.

/** How an answer is checked: a number within a relative tolerance, or one choice of several. */
export type Answer =
  | { type: 'number'; value: number; /** Relative tolerance, default 0.01 (1 %). */ tolerance?: number; unit?: string }
  | { type: 'choice'; options: string[]; correct: number };

/** Whether `text` answers `answer`; undefined when it cannot be read as an answer at all. */
export function isCorrect(answer: Answer, text: string): boolean | undefined {
  if (answer.type === 'choice') {
    const i = Number(text);
    return Number.isInteger(i) && i >= 0 && i < answer.options.length ? i === answer.correct : undefined;
  }
  const value = Number(text.replace(/[\s,_]/g, ''));
  if (text.trim() === '' || !Number.isFinite(value)) return undefined;
  const tolerance = answer.tolerance ?? 0.01;
  return Math.abs(value - answer.value) <= tolerance * Math.abs(answer.value) + 1e-12;
}
