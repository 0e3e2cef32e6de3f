import { pipelineBubbleFraction, pipelineSchedule } from '../../engine';
import { NumberField } from '../input';
import { param, useUrlState } from '../urlState';
import { formatPercent } from './format';
import './training.css';

const schema = { stages: param.integer(4, 1, 16), micro: param.integer(4, 1, 64) };

const ROW = 22;
const LABEL = 64;
const WIDTH = 720;

/** GPipe's schedule drawn as a timeline: stages by time slots, forward and backward of each micro-batch, and the bubble. */
export function PipelineTimeline() {
  const [s, set] = useUrlState('pipe', schema);
  const { slots, length } = pipelineSchedule(s.stages, s.micro);
  const bubble = pipelineBubbleFraction(s.stages, s.micro);
  const slotWidth = (WIDTH - LABEL) / length;
  const height = s.stages * ROW + 24;
  return (
    <section className="widget training-widget" aria-label="Pipeline timeline">
      <h3>Pipeline parallelism: the bubble</h3>
      <div className="controls">
        <NumberField rule={{ label: 'Stages (devices)', min: 1, max: 16, integer: true }} value={s.stages} onValue={(stages) => set({ stages })} />
        <NumberField rule={{ label: 'Micro-batches', min: 1, max: 64, integer: true }} value={s.micro} onValue={(micro) => set({ micro })} />
      </div>
      <svg className="training-svg" viewBox={`0 0 ${WIDTH} ${height}`} role="img"
        aria-label={`${s.stages} stages, ${s.micro} micro-batches: each stage idles ${formatPercent(bubble, 1)} of the step`}>
        {Array.from({ length: s.stages }, (_, st) => (
          <text key={st} x={0} y={st * ROW + 15}>stage {st + 1}</text>
        ))}
        {slots.map((x) => (
          <g key={`${x.stage}-${x.microbatch}-${x.pass}`}>
            <rect x={LABEL + x.start * slotWidth} y={x.stage * ROW + 2} width={Math.max(1, slotWidth - 1)} height={ROW - 4}
              className={x.pass === 'forward' ? 'bar' : 'bar sub'} />
            {slotWidth >= 14 && <text x={LABEL + (x.start + 0.5) * slotWidth} y={x.stage * ROW + 15} textAnchor="middle" fontSize={10}>{x.microbatch + 1}</text>}
          </g>
        ))}
        <text x={LABEL} y={height - 4}>time → ({length} slots; forward, then backward)</text>
      </svg>
      <p className="training-legend">Blue: forward passes; green: backward passes; each box is one micro-batch on one stage. The empty slots are the bubble.</p>
      <p className="training-result" aria-live="polite">
        Bubble: (p − 1)/(m + p − 1) = ({s.stages} − 1)/({s.micro} + {s.stages} − 1) = <strong data-testid="bubble">{formatPercent(bubble, 1)}</strong> of each stage’s time is idle.
      </p>
    </section>
  );
}
