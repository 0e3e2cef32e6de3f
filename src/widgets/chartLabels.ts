// Which labels fit on a chart: tick labels of log axes, and names next to plotted points. Pure
// layout in pixels (no maths of the lessons), so every chart labels only what it can show legibly.

/** How much a log-axis tick deserves a label: powers of ten first, then 2× and 5×, then the rest. */
function tickRank(t: number): number {
  const mantissa = Math.round(t / 10 ** Math.floor(Math.log10(t) + 1e-9));
  return mantissa === 1 ? 0 : mantissa === 2 || mantissa === 5 ? 1 : 2;
}

/**
 * The ticks that get a label: taken by rank (powers of ten, then 2 and 5, then the others), each
 * kept only if its position is at least `minGapPx` from every label already kept. Ascending.
 */
export function labelledTicks(ticks: readonly number[], position: (t: number) => number, minGapPx: number): number[] {
  const kept: number[] = [];
  const byRank = [...ticks].filter((t) => t > 0).sort((a, b) => tickRank(a) - tickRank(b) || a - b);
  for (const t of byRank) {
    if (kept.every((k) => Math.abs(position(k) - position(t)) >= minGapPx)) kept.push(t);
  }
  return kept.sort((a, b) => a - b);
}

export interface Box { x: number; y: number; width: number; height: number }

export interface PointLabel {
  /** The names of every point drawn at this spot, joined. */
  text: string;
  /** The point the label belongs to. */
  px: number;
  py: number;
  /** The text's anchor (start, baseline) and its box. */
  x: number;
  y: number;
  box: Box;
  /** True when the label sits away from its point and needs a leader line. */
  leader: boolean;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Box, area: Box) => a.x >= area.x && a.y >= area.y && a.x + a.width <= area.x + area.width && a.y + a.height <= area.y + area.height;

/**
 * Labels for named points that overlap neither each other nor the points' markers: points drawn at
 * the same spot (within 1 px) share one label; each label tries beside its point (right, left,
 * above, below), then further away in steps of a line, with a leader line back to the point.
 * Text width is estimated as `charWidth` per character. A label that fits nowhere is left out.
 */
export function placePointLabels(
  points: readonly { x: number; y: number; name: string }[],
  options: { charWidth: number; lineHeight: number; markerRadius: number; area: Box },
): PointLabel[] {
  const { charWidth, lineHeight, markerRadius: r, area } = options;
  const groups: { x: number; y: number; names: string[] }[] = [];
  for (const p of points) {
    const same = groups.find((g) => Math.abs(g.x - p.x) < 1 && Math.abs(g.y - p.y) < 1);
    if (same) same.names.push(p.name);
    else groups.push({ x: p.x, y: p.y, names: [p.name] });
  }
  const taken: Box[] = groups.map((g) => ({ x: g.x - r, y: g.y - r, width: 2 * r, height: 2 * r }));
  const labels: PointLabel[] = [];
  for (const g of [...groups].sort((a, b) => a.x - b.x || a.y - b.y)) {
    const text = g.names.join(', ');
    const width = text.length * charWidth;
    const gap = r + 3;
    const candidates: { x: number; y: number; leader: boolean }[] = [
      { x: g.x + gap, y: g.y - lineHeight / 2, leader: false },
      { x: g.x - gap - width, y: g.y - lineHeight / 2, leader: false },
      { x: g.x - width / 2, y: g.y - gap - lineHeight, leader: false },
      { x: g.x - width / 2, y: g.y + gap, leader: false },
    ];
    for (let step = 2; step <= 8; step++) {
      for (const dy of [step * lineHeight, -step * lineHeight]) {
        candidates.push({ x: g.x + gap, y: g.y - lineHeight / 2 + dy, leader: true }, { x: g.x - gap - width, y: g.y - lineHeight / 2 + dy, leader: true });
      }
    }
    for (const c of candidates) {
      const box = { x: c.x, y: c.y, width, height: lineHeight };
      if (!inside(box, area) || taken.some((t) => overlaps(t, box))) continue;
      taken.push(box);
      labels.push({ text, px: g.x, py: g.y, x: c.x, y: c.y + lineHeight * 0.8, box, leader: c.leader });
      break;
    }
  }
  return labels;
}
