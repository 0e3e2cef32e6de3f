import type { IndexCoding } from '../../engine';
import type { DeepCompressionModelId } from '../../runtime/contract/deepCompression';
import { formatBytes } from '../cost/format';
import type { TfjsDownloadResult } from '../live/TfjsDownload';
import type { PipelineRun } from './resultStore';

/** Han, Mao & Dally, ICLR 2016, Table 1: the model's size before and after Deep Compression. */
const PAPER_SIZES: Record<DeepCompressionModelId, { before: string; after: string; ratio: number }> = {
  'lenet-300-100': { before: '1070 KB', after: '27 KB', ratio: 40 },
  'lenet-5': { before: '1720 KB', after: '44 KB', ratio: 39 },
};

/**
 * What the reader can take away, side by side: the float32 weights, the standard tfjs files (no
 * sparse layout, no codebook: one value per weight), the .clmz file, and the paper's figure.
 */
export function TakeawaySizes({ run, clmzBytes, coding, tfjs }: { run: PipelineRun; clmzBytes: number; coding: IndexCoding; tfjs: TfjsDownloadResult | undefined }) {
  const floatBytes = run.result.stages.find((s) => s.stage === 'original')!.bits / 8;
  const tfjsBytes = tfjs && new TextEncoder().encode(tfjs.result.jsonText).length + tfjs.result.weightData.length;
  const paper = PAPER_SIZES[run.model];
  const ratio = (bytes: number) => `${(floatBytes / bytes).toFixed(1)}×`;
  return (
    <div className="live-table-wrap" tabIndex={0} role="region" aria-label="Sizes of what you can take away">
      <table className="live-table" aria-label="Sizes of the compressed model in each form">
        <caption className="muted">The same compressed model, three ways to take it away, and the paper’s figure</caption>
        <thead><tr><th scope="col">Form</th><th scope="col">Size</th><th scope="col">Smaller than float32 by</th></tr></thead>
        <tbody>
          <tr><th scope="row">float32 weights and biases (the original)</th><td>{formatBytes(floatBytes)}</td><td>1×</td></tr>
          <tr data-testid="size-tfjs" data-value={tfjsBytes}>
            <th scope="row">tfjs layers model{tfjs ? `, kernels as ${tfjs.encoding} (model.json + weights.bin)` : ''}</th>
            {tfjsBytes ? <><td>{formatBytes(tfjsBytes)}</td><td>{ratio(tfjsBytes)}</td></> : <td colSpan={2} className="muted">make the tfjs files above to weigh them</td>}
          </tr>
          <tr data-testid="size-clmz" data-value={clmzBytes}>
            <th scope="row">.clmz ({coding === 'huffman' ? 'Huffman-coded' : 'fixed-width codes'})</th><td>{formatBytes(clmzBytes)}</td><td>{ratio(clmzBytes)}</td>
          </tr>
          <tr data-testid="size-paper" data-value={paper.ratio}>
            <th scope="row">Han et al. 2016, Table 1 ({paper.before} → {paper.after})</th><td>{paper.after}</td><td>{paper.ratio}×</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
