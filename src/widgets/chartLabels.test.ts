import { describe, expect, it } from 'vitest';
import { labelledTicks, placePointLabels } from './chartLabels';

describe('chart labels', () => {
  // A log axis from 1 to 1000 over 150 px: 50 px per decade, with the minor ticks 2…9 of each decade.
  const ticks = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000];
  const position = (t: number) => 50 * Math.log10(t);

  it('labels only ticks at least the gap apart, powers of ten first', () => {
    const kept = labelledTicks(ticks, position, 30);
    expect(kept).toEqual([1, 10, 100, 1000]);
    const roomier = labelledTicks(ticks, position, 14);
    expect(roomier).toEqual([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]); // 2 and 5 sit 15 px from their neighbours
    for (const gap of [8, 14, 30]) {
      const k = labelledTicks(ticks, position, gap);
      for (let i = 1; i < k.length; i++) expect(position(k[i]) - position(k[i - 1])).toBeGreaterThanOrEqual(gap);
    }
  });

  const options = { charWidth: 7, lineHeight: 14, markerRadius: 6, area: { x: 0, y: 0, width: 640, height: 380 } };

  it('gives points at the same spot one label with both names', () => {
    const labels = placePointLabels([{ x: 100, y: 200, name: 'relu1' }, { x: 100.4, y: 200, name: 'relu2' }, { x: 400, y: 100, name: 'dense1' }], options);
    expect(labels.map((l) => l.text).sort()).toEqual(['dense1', 'relu1, relu2']);
  });

  it('places crowded labels without overlaps, inside the chart, with leaders for the displaced ones', () => {
    const points = Array.from({ length: 8 }, (_, i) => ({ x: 300 + i * 4, y: 150 + i * 3, name: `layer${i}` }));
    const labels = placePointLabels(points, options);
    expect(labels).toHaveLength(8);
    for (const [i, a] of labels.entries()) {
      expect(a.box.x).toBeGreaterThanOrEqual(0);
      expect(a.box.x + a.box.width).toBeLessThanOrEqual(640);
      for (const b of labels.slice(i + 1)) {
        const apart = a.box.x + a.box.width <= b.box.x || b.box.x + b.box.width <= a.box.x || a.box.y + a.box.height <= b.box.y || b.box.y + b.box.height <= a.box.y;
        expect(apart).toBe(true);
      }
      for (const p of points) {
        const hitsMarker = Math.abs(a.box.x + a.box.width / 2 - p.x) < a.box.width / 2 + 6 && Math.abs(a.box.y + a.box.height / 2 - p.y) < a.box.height / 2 + 6;
        expect(hitsMarker).toBe(false);
      }
    }
    expect(labels.some((l) => l.leader)).toBe(true);
  });
});
