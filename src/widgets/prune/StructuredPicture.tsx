import { seededRandom } from '../../engine';
import './prune.css';

const ROWS = 6;
const COLS = 8;
const CELL = 16;

type Pattern = (r: number, c: number) => boolean;

/** Three ways to prune the same 6 × 8 weight matrix at half sparsity, drawn cell by cell. */
const random = seededRandom(7);
const scattered = Array.from({ length: ROWS * COLS }, () => random() < 0.5);
const PANELS: { title: string; note: string; keep: Pattern; shrink?: boolean }[] = [
  { title: 'Unstructured', note: 'any weight may go: same matrix size, zeros scattered', keep: (r, c) => scattered[r * COLS + c] },
  { title: '2:4 semi-structured', note: 'two of every four in a row kept: sparse tensor cores can skip the rest', keep: (r, c) => (c + r) % 4 < 2 },
  { title: 'Structured (neurons)', note: 'whole columns (output neurons) removed: a smaller dense matrix', keep: (_r, c) => c % 2 === 0, shrink: true },
];

/** The lesson's picture of unstructured, 2:4 and structured pruning of one weight matrix. */
export function StructuredPicture() {
  const width = PANELS.length * (COLS * CELL + 40);
  return (
    <svg viewBox={`0 0 ${width} ${ROWS * CELL + 70}`} className="prune-chart" role="img"
      aria-label="Three copies of a 6 by 8 weight matrix with half the weights pruned: scattered zeros (unstructured), two of every four kept (2:4), and every other column removed, leaving a 6 by 4 matrix (structured).">
      {PANELS.map((p, i) => {
        const x0 = i * (COLS * CELL + 40) + 10;
        const cells = [];
        let shown = 0;
        for (let c = 0; c < COLS; c++) {
          if (p.shrink && !p.keep(0, c)) continue;
          const x = x0 + (p.shrink ? shown++ : c) * CELL;
          for (let r = 0; r < ROWS; r++) {
            const kept = p.keep(r, c);
            cells.push(<rect key={`${r}-${c}`} x={x} y={24 + r * CELL} width={CELL - 2} height={CELL - 2} className={kept ? 'prune-cell-kept' : 'prune-cell-pruned'} />);
          }
        }
        return (
          <g key={p.title}>
            <text x={x0} y={14} className="prune-picture-title">{p.title}</text>
            {cells}
            <foreignObject x={x0} y={30 + ROWS * CELL} width={COLS * CELL + 30} height={40}>
              <p className="prune-picture-note">{p.note}</p>
            </foreignObject>
          </g>
        );
      })}
    </svg>
  );
}
