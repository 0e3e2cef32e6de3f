// Turns a digit drawn on a canvas into an MNIST-like 28×28 image, the way MNIST itself was made
// (LeCun et al.): the ink's bounding box is scaled to fit a 20×20 box keeping its aspect ratio
// (by area averaging, which gives grey edges), then placed in the 28×28 frame so that its centre
// of mass sits at the centre.

export const SIDE = 28;
const BOX = 20;

/**
 * ink: width × height values in [0, 1] (1 = full ink), row-major. Returns 784 values in [0, 1],
 * row-major, or undefined when nothing is drawn.
 */
export function mnistFromDrawing(ink: ArrayLike<number>, width: number, height: number): Float32Array | undefined {
  if (ink.length !== width * height) throw new Error(`a ${width}×${height} drawing has ${width * height} values, got ${ink.length}`);
  let top = height;
  let bottom = -1;
  let left = width;
  let right = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] > 0) {
        top = Math.min(top, y); bottom = Math.max(bottom, y);
        left = Math.min(left, x); right = Math.max(right, x);
      }
    }
  }
  if (bottom < 0) return undefined;
  const w = right - left + 1;
  const h = bottom - top + 1;
  // Source pixels per target pixel, the same along both axes so the digit keeps its shape.
  const scale = Math.max(w, h) / BOX;
  const tw = Math.max(1, Math.round(w / scale));
  const th = Math.max(1, Math.round(h / scale));
  const box = new Float32Array(tw * th);
  for (let ty = 0; ty < th; ty++) {
    for (let tx = 0; tx < tw; tx++) box[ty * tw + tx] = areaMean(ink, width, left, top, w, h, tx * scale, ty * scale, scale);
  }
  // Centre of mass of the scaled box, then shift so that it lands on (14, 14) (pixel centres at +0.5).
  let mass = 0;
  let cx = 0;
  let cy = 0;
  box.forEach((v, i) => { mass += v; cx += v * ((i % tw) + 0.5); cy += v * (Math.floor(i / tw) + 0.5); });
  const ox = Math.round(SIDE / 2 - cx / mass);
  const oy = Math.round(SIDE / 2 - cy / mass);
  const out = new Float32Array(SIDE * SIDE);
  for (let ty = 0; ty < th; ty++) {
    for (let tx = 0; tx < tw; tx++) {
      const x = tx + ox;
      const y = ty + oy;
      if (x >= 0 && x < SIDE && y >= 0 && y < SIDE) out[y * SIDE + x] = Math.min(1, box[ty * tw + tx]);
    }
  }
  return out;
}

/** Mean ink over the source square [sx, sx + size) × [sy, sy + size) inside the crop, by covered area. */
function areaMean(ink: ArrayLike<number>, width: number, left: number, top: number, w: number, h: number, sx: number, sy: number, size: number): number {
  let sum = 0;
  const x1 = Math.min(w, sx + size);
  const y1 = Math.min(h, sy + size);
  for (let y = Math.floor(sy); y < y1; y++) {
    const cover = Math.min(y + 1, y1) - Math.max(y, sy);
    if (cover <= 0) continue;
    for (let x = Math.floor(sx); x < x1; x++) {
      const coverX = Math.min(x + 1, x1) - Math.max(x, sx);
      if (coverX > 0) sum += cover * coverX * ink[(top + y) * width + left + x];
    }
  }
  return sum / (size * size);
}
