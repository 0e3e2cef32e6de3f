import { parameterServerBytes, ringAllReduceBytes } from '../../engine';
import { NumberField } from '../input';
import { useZooModels } from '../live';
import { param, useUrlState } from '../urlState';
import { formatBytes, formatCount } from './format';
import './training.css';

const schema = { workers: param.integer(4, 1, 1024) };

/** Bytes moved per step by a parameter server and by a ring all-reduce, for each zoo model's fp32 gradients. */
export function AllReduceTraffic() {
  const [s, set] = useUrlState('traffic', schema);
  const { models, error } = useZooModels();
  return (
    <section className="widget training-widget" aria-label="Gradient traffic per step">
      <h3>Gradient traffic per step</h3>
      <div className="controls">
        <NumberField rule={{ label: 'Workers', min: 1, max: 1024, integer: true }} value={s.workers} onValue={(workers) => set({ workers })} />
      </div>
      {error && <p className="training-message" role="alert">{error}</p>}
      <div className="training-table-wrap" tabIndex={0} role="region" aria-label="Traffic per step by model">
        <table className="training-table" data-testid="traffic-table">
          <thead><tr>
            <th scope="col">Model (fp32 gradients)</th><th scope="col" className="num">Gradients</th>
            <th scope="col" className="num">Parameter server: each worker sends</th><th scope="col" className="num">…the server receives</th>
            <th scope="col" className="num">Ring: each worker sends</th>
          </tr></thead>
          <tbody>
            {models.filter((m) => m.params).map((m) => {
              const bytes = m.params! * 4;
              const ps = parameterServerBytes(bytes, s.workers);
              return (
                <tr key={m.id} data-testid={`traffic-${m.id}`}>
                  <th scope="row">{m.name} ({formatCount(m.params!)})</th>
                  <td className="num">{formatBytes(bytes)}</td>
                  <td className="num">{formatBytes(ps.perWorker)}</td>
                  <td className="num" data-testid={`ps-${m.id}`}>{formatBytes(ps.server)}</td>
                  <td className="num" data-testid={`ring-${m.id}`}>{formatBytes(ringAllReduceBytes(bytes, s.workers))}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="training-legend">The server’s link carries {formatCount(s.workers)}× the gradients each way and grows with the workers; in the ring every link carries 2(n − 1)/n of them, at most twice, however many workers there are.</p>
    </section>
  );
}
