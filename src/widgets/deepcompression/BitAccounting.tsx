import type { LayerSizeReport } from '../../engine';
import { DEEP_COMPRESSION_MODELS, type DeepCompressionModelId } from '../../runtime/contract/deepCompression';
import { formatInt } from '../live/format';
import { formatBits, formatRatio, layerName } from './format';
import { useChosenCoding } from './pipelineSettings';
import { usePipelineRun } from './resultStore';
import './deepcompression.css';

/** Han, Mao & Dally 2016, Tables 2 and 3: weights, % kept, weight bits, per model the page compresses. */
const PAPER_TABLES: Record<DeepCompressionModelId, { caption: string; rows: { layer: string; weights: string; kept: string; bits: string }[] }> = {
  'lenet-300-100': {
    caption: 'Han, Mao & Dally 2016, Table 2 (LeNet-300-100, 5-bit relative index)',
    rows: [
      { layer: 'ip1', weights: '235K', kept: '8%', bits: '6' },
      { layer: 'ip2', weights: '30K', kept: '9%', bits: '6' },
      { layer: 'ip3', weights: '1K', kept: '26%', bits: '6' },
      { layer: 'total', weights: '266K', kept: '8% (12×)', bits: 'P+Q 3.1% (32×), P+Q+H 2.49% (40×)' },
    ],
  },
  'lenet-5': {
    caption: 'Han, Mao & Dally 2016, Table 3 (LeNet-5: Caffe’s, with a 500-unit ip1 and no third dense layer)',
    rows: [
      { layer: 'conv1', weights: '0.5K', kept: '66%', bits: '8' },
      { layer: 'conv2', weights: '25K', kept: '12%', bits: '8' },
      { layer: 'ip1', weights: '400K', kept: '8%', bits: '5' },
      { layer: 'ip2', weights: '5K', kept: '19%', bits: '5' },
      { layer: 'total', weights: '431K', kept: '8% (12×)', bits: 'P+Q 3.05% (33×), P+Q+H 2.55% (39×)' },
    ],
  },
};

function Row({ l, name, huffman, header = 'td' }: { l: Omit<LayerSizeReport, 'name'>; name: string; huffman: boolean; header?: 'td' | 'th' }) {
  const Cell = header;
  const cell = (fixed: number, coded: number) => (huffman ? `${formatInt(fixed)} → ${formatInt(coded)}` : formatInt(fixed));
  return (
    <tr data-layer={name}>
      <th scope="row">{name}</th>
      <Cell>{formatInt(l.weights)}</Cell>
      <Cell data-testid="bits-nonzeros" data-value={l.nonzeros}>{formatInt(l.nonzeros)} ({((100 * l.nonzeros) / l.weights).toFixed(1)} %)</Cell>
      <Cell>{formatInt(l.fillerCount)}</Cell>
      <Cell>{cell(l.indexBits, l.huffmanIndexBits)}</Cell>
      <Cell>{cell(l.clusterIndexBits, l.huffmanClusterIndexBits)}</Cell>
      <Cell>{formatInt(l.codebookBits)}</Cell>
      <Cell>{huffman ? `${formatInt(l.huffmanSavingBits)} (${((100 * l.huffmanSavingBits) / Math.max(1, l.indexBits + l.clusterIndexBits)).toFixed(0)} %)` : 'off'}</Cell>
      <Cell data-testid="bits-total" data-value={l.totalBits}>{formatInt(l.totalBits)} ({((100 * l.totalBits) / l.denseBits).toFixed(2)} %)</Cell>
    </tr>
  );
}

/**
 * Where the bits of the compressed model go, layer by layer (from the engine's size report of the
 * latest pipeline run), next to the paper's table for the model, and against gzip of the float32 weights and
 * plain int8. No URL state: it shows the pipeline widget's latest run.
 */
export function BitAccounting() {
  const run = usePipelineRun();
  const coding = useChosenCoding();
  const title = 'Bit accounting';
  if (!run) {
    return (
      <section className="widget" aria-label={title}>
        <h3>{title}</h3>
        <p className="muted">Run the pipeline above first; this table accounts for every bit of its latest result.</p>
      </section>
    );
  }
  const { baselines, stages } = run.result;
  const report = run.result.reports[coding];
  const huffman = coding === 'huffman';
  const paper = PAPER_TABLES[run.model];
  const dense = stages[0].bits;
  const file = stages.find((s) => s.stage === coding)!.bits;
  const pruned = stages.find((s) => s.stage === 'pruned')!;
  // Layers whose filler symbol pushes a full codebook of 2^b centroids to b + 1 bits a fixed-width index.
  const widened = report.layers.filter((l) => l.fillerCount > 0 && l.clusters > 1 && Number.isInteger(Math.log2(l.clusters)));
  const compare = [
    { what: 'float32, dense', bits: dense },
    { what: 'gzip of the float32 weights (the browser’s CompressionStream)', bits: baselines.gzipFloat32Bits, id: 'gzip' },
    { what: 'plain int8 (one byte a weight, a float32 scale per layer, float32 biases)', bits: baselines.int8Bits, id: 'int8' },
    { what: 'this pipeline’s .clmz file (headers and checksum included)', bits: file, id: 'clmz' },
  ];
  return (
    <section className="widget" aria-label={title}>
      <h3>{title}</h3>
      <div className="live-table-wrap" tabIndex={0} role="region" aria-label="Bits per layer (scrolls sideways)">
        <table className="live-table dc-table" aria-label="Bits per layer of the compressed model">
          <caption className="muted">
            Bits per layer{huffman ? '; “a → b” is fixed-width → Huffman-coded, as the file stores them' : ', fixed-width, as the file stores them (Huffman coding is off)'}.
            Biases ({formatInt(report.total.biasBits)} bits) and code tables ({formatInt(report.total.codeTableBits)} bits, stored with either coding) are in the totals.
          </caption>
          <thead>
            <tr>
              <th scope="col">Layer</th><th scope="col">Weights</th><th scope="col">Non-zeros</th><th scope="col">Filler zeros</th>
              <th scope="col">Relative-index bits</th><th scope="col">Cluster-index bits</th><th scope="col">Codebook bits</th>
              <th scope="col">Huffman saving</th><th scope="col">Total bits (of dense)</th>
            </tr>
          </thead>
          <tbody>
            {report.layers.map((l) => <Row key={l.name} l={l} name={layerName(l.name)} huffman={huffman} />)}
          </tbody>
          <tfoot>
            <Row l={report.total} name="total" huffman={huffman} />
          </tfoot>
        </table>
      </div>
      <p className="muted" data-testid="bits-fillers">
        A cluster index must also be able to say “filler zero”, so a layer with fillers codes one symbol more than it has
        clusters. Its fixed-width index takes ⌈log₂(k + 1)⌉ bits: a full 5-bit codebook (k = 32) costs 6 bits an entry,
        because 33 symbols do not fit in 5 bits.
        {widened.length > 0
          ? <> In this run: {widened.map((l) => `${layerName(l.name)} (${l.clusters} clusters + filler → ${Math.log2(l.clusters) + 1} bits)`).join(', ')}.</>
          : <> No layer of this run pays that extra bit.</>}
        {' '}Empty clusters are not stored: the file keeps only the centroids some weight uses.
      </p>
      <p className="muted" data-testid="bits-pruned">
        Why the pruned row says {formatRatio(pruned.ratio)} and not {formatRatio(report.total.weights / Math.max(1, report.total.nonzeros))}:
        counting kept weights only, the way Han et al. get “12×” for their LeNet-300-100, this run keeps 1 weight in{' '}
        {(report.total.weights / Math.max(1, report.total.nonzeros)).toFixed(1)}. But a sparse weight costs more than its 32 bits: each
        stored entry also needs its relative-index gap, the {formatInt(report.total.fillerCount)} filler zeros are stored entries too,
        and the {formatInt(report.total.biasBits / 32)} biases stay float32.
      </p>
      <div className="live-table-wrap" tabIndex={0} role="region" aria-label="The paper’s table">
        <table className="live-table dc-table" aria-label={`The paper's ${DEEP_COMPRESSION_MODELS[run.model].name} table`}>
          <caption className="muted">{paper.caption}</caption>
          <thead><tr><th scope="col">Layer</th><th scope="col">Weights</th><th scope="col">Kept</th><th scope="col">Weight bits / size</th></tr></thead>
          <tbody>
            {paper.rows.map((r) => <tr key={r.layer}><th scope="row">{r.layer}</th><td>{r.weights}</td><td>{r.kept}</td><td>{r.bits}</td></tr>)}
          </tbody>
        </table>
      </div>
      <div className="live-table-wrap" tabIndex={0} role="region" aria-label="Other ways to store the network">
        <table className="live-table" aria-label="Other ways to store the same network">
          <thead><tr><th scope="col">Storage</th><th scope="col">Size</th><th scope="col">Smaller than float32 by</th></tr></thead>
          <tbody>
            {compare.map((c) => (
              <tr key={c.what} data-compare={c.id}>
                <th scope="row">{c.what}</th>
                <td>{formatBits(c.bits)}</td>
                <td data-testid={c.id ? `compare-${c.id}` : undefined} data-value={dense / c.bits}>{formatRatio(dense / c.bits)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">gzip finds little to squeeze in float32 weights: their low mantissa bits look random. The ratios above are for the original {DEEP_COMPRESSION_MODELS[run.model].name} weights; the .clmz file holds the pruned, shared ones.</p>
    </section>
  );
}
