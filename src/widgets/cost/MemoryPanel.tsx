import { useId, useMemo } from 'react';
import { activationMemory, modelCost } from '../../engine';
import type { MemoryUse } from '../../runtime/contract/roofline';
import { ZOO, ZOO_IDS, type ZooId } from '../../runtime/contract/zoo';
import { NumberField, useFieldsValid } from '../input';
import { JobStatus } from '../live/JobStatus';
import { useJob } from '../live/useJob';
import { useModelWorker } from '../live/useModelWorker';
import { param, useUrlState } from '../urlState';
import { useZooArchitecture } from './architecture';
import { formatBytes } from './format';
import './cost.css';

const BATCH_RULE = { label: 'Batch size', min: 1, max: 1024, integer: true };
const schema = {
  model: param.oneOf(ZOO_IDS, 'lenet-300-100'),
  batch: param.integer(64, 1, 1024),
};

/**
 * Memory, counted and measured: the weights and a batch's activations from the layer shapes (fp32),
 * next to what one forward pass really allocates in the model worker (tfjs's byte count during the
 * pass, the wasm heap, the worker's JavaScript heap where the browser can tell).
 */
export function MemoryPanel() {
  const [state, set] = useUrlState('mem', schema);
  const fields = useFieldsValid();
  const id = useId();
  const { worker, backend } = useModelWorker();
  const arch = useZooArchitecture(state.model);
  const job = useJob<MemoryUse>();
  const counted = useMemo(() => {
    if (arch.status !== 'ready') return null;
    return { weights: modelCost(arch.value.specs).weightBytes, ...activationMemory(arch.value.specs, { batch: state.batch }) };
  }, [arch, state.batch]);
  const measure = () => job.start((signal, progress) => worker.jobs.roofline.memory({ key: state.model, batch: state.batch }, { signal, onProgress: progress }));
  const m = job.result?.key === state.model && job.result.batch === state.batch ? job.result : undefined;
  const row = (what: string, countedBytes: number | undefined, measured: string, testId: string) => (
    <tr data-testid={testId}>
      <th scope="row">{what}</th>
      <td className="num">{countedBytes === undefined ? '—' : formatBytes(countedBytes)}</td>
      <td className="num">{measured}</td>
    </tr>
  );

  return (
    <section className="widget cost-widget" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Memory: counted and measured</h3>
      <div className="controls">
        <label htmlFor={`${id}-model`}>
          Model
          <select id={`${id}-model`} value={state.model} disabled={job.running} onChange={(e) => set({ model: e.target.value as ZooId })}>
            {ZOO_IDS.map((z) => <option key={z} value={z}>{ZOO[z].name}</option>)}
          </select>
        </label>
        <NumberField rule={BATCH_RULE} value={state.batch} onValue={(batch) => set({ batch })} disabled={job.running} />
        <button type="button" className="primary" onClick={() => void measure()} disabled={job.running || backend.status !== 'ready' || !fields.valid} aria-describedby={fields.describedBy}>Measure memory</button>
      </div>
      <JobStatus state={job.state} onCancel={job.cancel} failed="Measuring the memory failed" cancelled="Measurement cancelled." />
      {arch.status === 'error' && <div role="alert" className="error-box">{ZOO[state.model].name} could not be loaded: {arch.message}</div>}
      <div className="cost-table-wrap" tabIndex={0} role="region" aria-label="Memory counted and measured">
        <table className="cost-table" data-testid="memory-table">
          <caption className="muted">
            Counted from the layer shapes in fp32; measured in this page’s model worker{m ? ` on ${m.backend}` : ''} during one forward pass of {state.batch} image{state.batch === 1 ? '' : 's'}.
            {m && ` Worker heap: ${m.heapSource}.`}
          </caption>
          <thead><tr><th scope="col">Memory</th><th scope="col">Counted</th><th scope="col">Measured</th></tr></thead>
          <tbody>
            {row('Weights', counted?.weights, m ? formatBytes(m.weightBytes) : '—', 'mem-weights')}
            {row('Input batch', undefined, m ? formatBytes(m.inputBytes) : '—', 'mem-input')}
            {row('Activations, every layer’s output kept', counted?.allBytes, m ? `${formatBytes(m.peakPassBytes)} at the peak of the pass` : '—', 'mem-activations')}
            {row(`Activations, one layer at a time (largest: ${counted?.largestLayer ?? '…'})`, counted?.largestLayerBytes, '—', 'mem-largest')}
            {row('All tfjs tensors in the worker', undefined, m ? formatBytes(m.tfjsBytes) : '—', 'mem-tfjs')}
            {row('WebAssembly heap of the backend', undefined, m ? (m.wasmHeapBytes === null ? `none (${m.backend} backend)` : formatBytes(m.wasmHeapBytes)) : '—', 'mem-wasm')}
            {row('Worker JavaScript heap', undefined, m ? (m.heapBytes === null ? 'not available here' : formatBytes(m.heapBytes)) : '—', 'mem-heap')}
          </tbody>
        </table>
      </div>
    </section>
  );
}
