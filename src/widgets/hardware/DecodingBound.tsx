import { useId } from 'react';
import { decodeTokensPerSecond, kvCacheBytes } from '../../engine';
import { formatBytes } from '../cost/format';
import { NumberField } from '../input';
import { param, useUrlState } from '../urlState';
import { DECODE_DEVICE_IDS, DECODE_DEVICES, type DecodeDevice, WEIGHT_FORMAT_IDS, WEIGHT_FORMATS, type WeightFormat } from './devicePresets';
import './hardware.css';

const RULES = {
  billions: { label: 'Parameters', min: 0.01, max: 2000, unit: ' billion' },
  layers: { label: 'Layers', min: 1, max: 512, integer: true },
  kvHeads: { label: 'Key/value heads', min: 1, max: 256, integer: true },
  headDim: { label: 'Head size', min: 1, max: 1024, integer: true },
  tokens: { label: 'Context', min: 1, max: 1_000_000, integer: true, unit: ' tokens' },
};

// Defaults: a 7B model shaped like Llama 2 7B (32 layers, 32 heads of 128); illustrative, not verified here.
const schema = {
  device: param.oneOf(DECODE_DEVICE_IDS, 'a100'),
  format: param.oneOf(WEIGHT_FORMAT_IDS, 'int4'),
  billions: param.number(7, 0.01, 2000),
  layers: param.integer(32, 1, 512),
  kvHeads: param.integer(32, 1, 256),
  headDim: param.integer(128, 1, 1024),
  tokens: param.integer(4096, 1, 1_000_000),
};

/** The upper bound of decoding speed on a device: bandwidth ÷ bytes read per token, with and without the KV cache. */
export function DecodingBound() {
  const [s, set] = useUrlState('dec', schema);
  const id = useId();
  const device = DECODE_DEVICES[s.device];
  const bits = WEIGHT_FORMATS[s.format];
  const weightBytes = (s.billions * 1e9 * bits) / 8;
  const kv = kvCacheBytes({ layers: s.layers, kvHeads: s.kvHeads, headDim: s.headDim, tokens: s.tokens, bytesPerValue: 2 });
  const bound = decodeTokensPerSecond(s.billions * 1e9, bits, device.bandwidth);
  const withKv = device.bandwidth / (weightBytes + kv);
  return (
    <section className="widget hw-widget" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Decoding a language model</h3>
      <div className="controls">
        <label htmlFor={`${id}-device`}>Device{' '}
          <select id={`${id}-device`} value={s.device} onChange={(e) => set({ device: e.target.value as DecodeDevice })}>
            {DECODE_DEVICE_IDS.map((d) => <option key={d} value={d}>{DECODE_DEVICES[d].label}</option>)}
          </select>
        </label>
        <label htmlFor={`${id}-format`}>Weights{' '}
          <select id={`${id}-format`} value={s.format} onChange={(e) => set({ format: e.target.value as WeightFormat })}>
            {WEIGHT_FORMAT_IDS.map((f) => <option key={f} value={f}>{f} ({WEIGHT_FORMATS[f]} bits)</option>)}
          </select>
        </label>
        <NumberField rule={RULES.billions} value={s.billions} onValue={(billions) => set({ billions })} />
      </div>
      <div className="controls">
        <NumberField rule={RULES.layers} value={s.layers} onValue={(layers) => set({ layers })} />
        <NumberField rule={RULES.kvHeads} value={s.kvHeads} onValue={(kvHeads) => set({ kvHeads })} />
        <NumberField rule={RULES.headDim} value={s.headDim} onValue={(headDim) => set({ headDim })} />
        <NumberField rule={RULES.tokens} value={s.tokens} onValue={(tokens) => set({ tokens })} />
      </div>
      <dl className="hw-results">
        <div><dt>Weights read per token</dt><dd data-testid="dec-weights">{formatBytes(weightBytes)}</dd></div>
        <div><dt>Tokens/s at most (weights only)</dt><dd data-testid="dec-bound">{bound.toPrecision(3)}</dd></div>
        <div><dt>KV cache (fp16, full context)</dt><dd data-testid="dec-kv">{formatBytes(kv)}</dd></div>
        <div><dt>Tokens/s at most, reading the KV cache too</dt><dd data-testid="dec-bound-kv">{withKv.toPrecision(3)}</dd></div>
      </dl>
      <p className="muted">Bound = bandwidth ÷ bytes read per token, at batch 1; real decoders reach a fraction of it.</p>
    </section>
  );
}
