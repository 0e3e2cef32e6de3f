// Display helpers of the hardware widgets.

const ENERGY_UNITS = ['pJ', 'nJ', 'µJ', 'mJ', 'J'];

/** Picojoules with the unit that keeps three significant digits readable: 1.72e8 → "172 µJ". */
export function formatPicojoules(pj: number): string {
  if (!Number.isFinite(pj)) return '—';
  if (pj === 0) return '0 J';
  const tier = Math.min(ENERGY_UNITS.length - 1, Math.max(0, Math.floor(Math.log10(Math.abs(pj)) / 3)));
  return `${Number((pj / 1000 ** tier).toPrecision(3))} ${ENERGY_UNITS[tier]}`;
}
