/** Shared checks for arrays of logits or probabilities laid out as [rows, classes], row-major. */

/** Number of rows of a [rows, classes] array; throws unless classes divides a non-empty length. */
export function rowCount(length: number, classes: number, what: string): number {
  if (length === 0) throw new Error(`${what} is empty`);
  if (!Number.isInteger(classes) || classes < 1) throw new Error(`classes must be a whole number ≥ 1 (got ${classes})`);
  if (length % classes !== 0) throw new Error(`${what} has ${length} values, not a whole number of rows of ${classes} classes`);
  return length / classes;
}

/** Throws unless every value is finite (and ≥ 0 when nonNegative). */
export function checkValues(x: ArrayLike<number>, what: string, nonNegative = false): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isFinite(v)) throw new Error(`${what} holds ${v} at index ${i}`);
    if (nonNegative && v < 0) throw new Error(`${what} holds a negative probability ${v} at index ${i}`);
  }
}

/** Throws unless a and b have the same length. */
export function checkSameLength(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length) throw new Error(`${what} differ in length (${a.length} and ${b.length})`);
}

/** Throws unless T is a finite number > 0. */
export function checkTemperature(T: number): void {
  if (!(T > 0 && Number.isFinite(T))) throw new Error(`temperature must be a positive finite number (got ${T})`);
}
