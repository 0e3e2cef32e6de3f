import { useEffect, useRef } from 'react';
import { mnistFromDrawing } from './drawnDigit';

const SIZE = 224;
const PEN = 18;

/**
 * A canvas to draw a digit on with a mouse, pen or finger. When a stroke ends, the drawing is
 * turned into a 28×28 MNIST-like image (drawnDigit.ts) and handed to `onDigit` (784 values in
 * [0, 1]); `onDigit(undefined)` after Clear.
 */
export function DrawDigit({ onDigit, labelId }: { onDigit: (pixels: Float32Array | undefined) => void; labelId: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d', { willReadFrequently: true });
    if (ctx) { ctx.lineCap = 'round'; ctx.lineJoin = 'round'; }
  }, []);

  const at = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * SIZE, y: ((e.clientY - r.top) / r.height) * SIZE };
  };

  function stroke(to: { x: number; y: number }) {
    const ctx = canvas.current?.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    const from = last.current ?? to;
    ctx.strokeStyle = getComputedStyle(canvas.current!).color; // only the alpha is read back
    ctx.lineWidth = PEN;
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x + 0.01, to.y);
    ctx.stroke();
    last.current = to;
  }

  function finish() {
    if (!last.current) return;
    last.current = null;
    const ctx = canvas.current?.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    const rgba = ctx.getImageData(0, 0, SIZE, SIZE).data;
    const ink = new Float32Array(SIZE * SIZE);
    for (let i = 0; i < ink.length; i++) ink[i] = rgba[i * 4 + 3] / 255;
    onDigit(mnistFromDrawing(ink, SIZE, SIZE));
  }

  function clear() {
    canvas.current?.getContext('2d', { willReadFrequently: true })?.clearRect(0, 0, SIZE, SIZE);
    onDigit(undefined);
  }

  return (
    <div className="kd-draw">
      <canvas
        ref={canvas}
        width={SIZE}
        height={SIZE}
        className="kd-canvas"
        role="img"
        aria-labelledby={labelId}
        onPointerDown={(e) => { e.currentTarget.setPointerCapture(e.pointerId); last.current = null; stroke(at(e)); }}
        onPointerMove={(e) => { if (last.current) stroke(at(e)); }}
        onPointerUp={finish}
        onPointerCancel={finish}
      />
      <button type="button" onClick={clear}>Clear the drawing</button>
    </div>
  );
}
