// How each curve of the accuracy-versus-bits chart is drawn: its colour and its mark, one table for
// the chart and its legend, so that a swatch always looks like the marks it names.
import type { Curve } from './sweepPoints';

export type MarkShape = 'circle' | 'diamond' | 'square' | 'triangle';

/** Colour class and mark of each curve: per tensor / per channel by colour, symmetric / affine also by mark. */
export const CURVE_STYLE: Record<Curve, { className: string; shape: MarkShape }> = {
  'tensor-symmetric': { className: 'sweep-ts', shape: 'circle' },
  'tensor-affine': { className: 'sweep-ta', shape: 'diamond' },
  'channel-symmetric': { className: 'sweep-cs', shape: 'circle' },
  'channel-affine': { className: 'sweep-ca', shape: 'diamond' },
  binary: { className: 'sweep-bin', shape: 'square' },
  ternary: { className: 'sweep-ter', shape: 'square' },
  casts: { className: 'sweep-cast', shape: 'square' },
};

/** One mark centred on (x, y), in the colour of its group; hollow when the value lies below the zoomed axis. */
export function SweepMark({ shape, x, y, hollow = false }: { shape: MarkShape; x: number; y: number; hollow?: boolean }) {
  const className = hollow ? 'sweep-mark sweep-below' : 'sweep-mark';
  switch (shape) {
    case 'circle': return <circle className={className} cx={x} cy={y} r={3.5} />;
    case 'diamond': return <path className={className} d={`M${x},${y - 5}l5,5l-5,5l-5,-5z`} />;
    case 'square': return <rect className={className} x={x - 4} y={y - 4} width={8} height={8} />;
    case 'triangle': return <path className={className} d={`M${x},${y - 5.5}l5,9h-10z`} />;
  }
}

/** A small picture of a line style and mark for legends and captions. */
export function Swatch({ className, line, shape }: { className: string; line?: 'solid' | 'dashed' | 'dotted'; shape?: MarkShape }) {
  return (
    <svg className={`sweep-swatch ${className}`} width={30} height={12} viewBox="0 0 30 12" aria-hidden="true">
      {line && <line className={`sweep-${line}`} x1={1} x2={29} y1={6} y2={6} />}
      {shape && <SweepMark shape={shape} x={15} y={6} />}
    </svg>
  );
}

/** The legend swatch of a curve, drawn as the chart draws it (binary and ternary have marks only). */
export function CurveSwatch({ curve }: { curve: Curve }) {
  const { className, shape } = CURVE_STYLE[curve];
  const line = curve === 'casts' ? 'dotted' : curve === 'binary' || curve === 'ternary' ? undefined : 'solid';
  return <Swatch className={className} line={line} shape={shape} />;
}
