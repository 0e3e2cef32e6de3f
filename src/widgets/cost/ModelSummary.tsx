import { useId, useMemo, useState, type ChangeEvent } from 'react';
import { modelCost } from '../../engine';
import { checkModelFiles, findModelJson, parseModelJson } from '../../runtime/contract/upload';
import { ZOO, ZOO_IDS, type ZooId } from '../../runtime/contract/zoo';
import type { NamedSpec, UnknownLayer } from '../../runtime/contract/models';
import { param, useUrlState } from '../urlState';
import { useModelWorker } from '../live/useModelWorker';
import { useZooArchitecture } from './architecture';
import { formatBytes, formatCount, formatIntensity, formatShape, workText } from './format';
import './cost.css';

const schema = { model: param.oneOf(ZOO_IDS, 'lenet-300-100') };

interface Upload {
  name: string;
  specs: NamedSpec[];
  unknown: UnknownLayer[];
  /** Why the weights cannot be used (the summary needs only the topology). */
  weightsProblem?: string;
  /** Why the model cannot be built for evaluation (a custom layer class), in one sentence. */
  note?: string;
}

/** The cost of every layer of a model, per image: parameters, bytes in three precisions, MACs, FLOPs, intensity. */
export function ModelSummary() {
  const [state, set] = useUrlState('summary', schema);
  const [upload, setUpload] = useState<Upload | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const { worker } = useModelWorker();
  const zoo = useZooArchitecture(state.model);
  const ids = { select: useId(), file: useId() };

  async function onFiles(event: ChangeEvent<HTMLInputElement>) {
    const files = Array.from(event.target.files ?? []);
    setUploadError(null);
    setUpload(null);
    if (files.length === 0) return;
    setReading(true);
    try {
      const jsonFile = files[findModelJson(files)];
      const json = parseModelJson(await jsonFile.text(), jsonFile.name);
      const specs = await worker.jobs.models.architecture({ kind: 'json', json });
      let weightsProblem: string | undefined;
      try {
        checkModelFiles(json, jsonFile.name, files);
      } catch (e) {
        weightsProblem = (e as Error).message;
      }
      setUpload({ name: jsonFile.name, ...specs, weightsProblem });
    } catch (e) {
      setUploadError((e as Error).message);
    } finally {
      setReading(false);
    }
  }

  const backToZoo = () => {
    setUpload(null);
    setUploadError(null);
  };
  // A failed upload shows its failure alone, not the zoo model's table as if it were the answer.
  const shown = upload
    ? { title: `Your model (${upload.name})`, specs: upload.specs, unknown: upload.unknown, note: upload.note }
    : uploadError !== null || reading
      ? null
      : zoo.status === 'ready'
      ? { title: ZOO[state.model].name, specs: zoo.value.specs, unknown: zoo.value.unknown, note: zoo.value.note }
      : null;

  return (
    <section className="widget cost-widget" aria-labelledby={`${ids.select}-h`}>
      <h3 id={`${ids.select}-h`}>Model summary</h3>
      <div className="controls">
        <label htmlFor={ids.select}>
          Zoo model
          <select id={ids.select} value={state.model} onChange={(e) => { backToZoo(); set({ model: e.target.value as ZooId }); }}>
            {ZOO_IDS.map((id) => <option key={id} value={id}>{ZOO[id].name}</option>)}
          </select>
        </label>
        <label htmlFor={ids.file}>
          Or your own tfjs model (model.json + .bin files)
          <input id={ids.file} type="file" multiple accept=".json,.bin,application/json" onChange={onFiles} />
        </label>
        {(upload || uploadError) && <button type="button" onClick={backToZoo}>Back to the zoo model</button>}
      </div>
      {reading && <p role="status">Reading your model…</p>}
      {uploadError && <div role="alert" className="error-box">Your model could not be summarised: {uploadError}</div>}
      {!upload && !uploadError && !reading && zoo.status === 'loading' && <p role="status">Loading the architecture of {ZOO[state.model].name}…</p>}
      {!upload && !uploadError && zoo.status === 'error' && <div role="alert" className="error-box">{ZOO[state.model].name} could not be loaded: {zoo.message}</div>}
      {upload?.weightsProblem && (
        <p className="cost-note" role="status">
          The summary needs only the architecture in model.json, so it is shown; but the weights cannot be used for
          evaluation: {upload.weightsProblem}
        </p>
      )}
      {shown && <CostTable title={shown.title} specs={shown.specs} unknown={shown.unknown} />}
      {shown?.note && <p className="muted cost-note">{shown.note}</p>}
    </section>
  );
}

function CostTable({ title, specs, unknown }: { title: string; specs: NamedSpec[]; unknown: UnknownLayer[] }) {
  const costs = useMemo(() => {
    try {
      return { fp32: modelCost(specs), fp16: modelCost(specs, { bytesPerElement: 2 }), int8: modelCost(specs, { bytesPerElement: 1 }) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }, [specs]);
  if ('error' in costs) return <div role="alert" className="error-box">The layers could not be counted: {costs.error}</div>;
  const { fp32, fp16, int8 } = costs;
  return (
    <>
      <p className="cost-total" data-testid="summary-total">
        <strong>{title}</strong>: <span data-testid="summary-params">{formatCount(fp32.params)}</span> parameters,{' '}
        {formatBytes(fp32.weightBytes)} at fp32; {workText(fp32.macs, fp32.flops)} per image.
      </p>
      <div className="cost-table-wrap" tabIndex={0} role="region" aria-label={`Per-layer costs of ${title}`}>
        <table className="cost-table">
          <caption className="muted">Per image (batch 1). Bytes of weights at fp32 / fp16 / int8; intensity at fp32 with activations read and written once.</caption>
          <thead>
            <tr>
              <th scope="col">Layer</th><th scope="col">Kind</th><th scope="col">Output</th><th scope="col">Params</th>
              <th scope="col">fp32</th><th scope="col">fp16</th><th scope="col">int8</th>
              <th scope="col">MACs</th><th scope="col">FLOPs</th><th scope="col">FLOP/B</th>
            </tr>
          </thead>
          <tbody>
            {fp32.layers.map((row, i) => (
              <tr key={row.name ?? i}>
                <th scope="row">{row.name}</th>
                <td>{kindLabel(specs[i])}</td>
                <td>{formatShape(row.outputShape)}</td>
                <td className="num">{formatCount(row.params)}</td>
                <td className="num">{formatBytes(row.weightBytes)}</td>
                <td className="num">{formatBytes(fp16.layers[i].weightBytes)}</td>
                <td className="num">{formatBytes(int8.layers[i].weightBytes)}</td>
                <td className="num">{formatCount(row.macs)}</td>
                <td className="num">{formatCount(row.flops)}</td>
                <td className="num">{formatIntensity(row.intensity)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>Total</th>
              <td className="num">{formatCount(fp32.params)}</td>
              <td className="num">{formatBytes(fp32.weightBytes)}</td>
              <td className="num">{formatBytes(fp16.weightBytes)}</td>
              <td className="num">{formatBytes(int8.weightBytes)}</td>
              <td className="num">{formatCount(fp32.macs)}</td>
              <td className="num">{formatCount(fp32.flops)}</td>
              <td className="num">{formatIntensity(fp32.intensity)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      {unknown.length > 0 && (
        <div role="alert" className="cost-note">
          Not counted ({unknown.length} layer{unknown.length > 1 ? 's' : ''} the cost model does not know; the totals leave them out):{' '}
          {unknown.map((u) => `${u.name} (${u.className})`).join(', ')}.
        </div>
      )}
    </>
  );
}

/** A short name for a layer row: conv2d rows say whether they are depthwise, grouped or pointwise. */
function kindLabel(spec: NamedSpec): string {
  if (spec.kind !== 'conv2d') return spec.kind;
  const groups = spec.groups ?? 1;
  if (groups > 1) return groups === spec.inputShape[2] ? 'depthwise' : `conv2d, ${groups} groups`;
  return spec.kernelSize[0] === 1 && spec.kernelSize[1] === 1 ? 'pointwise' : 'conv2d';
}
