import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { softmaxWithTemperature } from '../../engine';
import { LiveWidget } from '../live/LiveWidget';
import { DigitImage } from '../live/DigitImage';
import { useModelWorker } from '../live/useModelWorker';
import { NumberField, parseField, type FieldRule } from '../input';
import { param, useUrlState } from '../urlState';
import { DrawDigit } from './DrawDigit';
import { ProbabilityBars } from './ProbabilityBars';
import './distill.css';

const schema = {
  source: param.oneOf(['test', 'drawn'] as const, 'test'),
  image: param.integer(0, 0, 9999),
  // Kept as text so that a typed or linked 0 or −2 is named rather than clamped away.
  t: param.string('1'),
  scale: param.oneOf(['linear', 'log'] as const, 'linear'),
};

/** Any positive temperature the softmax handles; the slider covers 1…20, the box more. */
const TEMPERATURE: FieldRule = { label: 'The temperature T', min: 0.01, max: 1000 };
const IMAGE: FieldRule = { label: 'Test image number', min: 0, max: 9999, integer: true };

type Shown = { key: string; logits: Float32Array; pixels?: Uint8Array; label?: number } | { key: string; error: string };

const percent = (p: number) => (p >= 0.001 ? `${(p * 100).toFixed(1)}%` : p.toExponential(1));

/**
 * The teacher's (teacher-1200) class probabilities for one test image or a digit the reader
 * draws, softened by a temperature T (slider 1…20, typed 0.01…1,000, read by the shared parser) as
 * in Hinton et al. (2015), on a linear or log axis.
 * The worker returns the logits; the page applies softmax(z / T) (engine). URL state: `kds.source`
 * (test, drawn), `kds.image` (0…9999), `kds.t`, `kds.scale` (linear, log).
 */
export function SoftTargets({ id = 'kds' }: { id?: string }) {
  const [url, setUrl] = useUrlState(id, schema);
  const { worker, backend } = useModelWorker();
  const [drawing, setDrawing] = useState<{ n: number; pixels?: Float32Array }>({ n: 0 });
  const drawn = drawing.pixels;
  const [shown, setShown] = useState<Shown | undefined>();
  const ids = { source: useId(), t: useId(), tNumber: useId(), scale: useId(), canvas: useId(), problem: useId() };
  const ready = backend.status === 'ready';
  const key = url.source === 'test' ? `test:${url.image}` : `drawn:${drawing.n}`;

  // Bumped by Retry after a failure, to ask the teacher again.
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!ready || (url.source === 'drawn' && !drawn)) return;
    let on = true;
    const stop = new AbortController();
    const call = { signal: stop.signal };
    const load = url.source === 'test'
      ? Promise.all([worker.jobs.distill.teacherLogits({ image: url.image }, call), worker.jobs.models.testImage({ index: url.image }, call)]).then(([logits, img]) => ({ key, logits, pixels: img.pixels, label: img.label }))
      : worker.jobs.distill.teacherLogits({ image: drawn! }, call).then((logits) => ({ key, logits, pixels: Uint8Array.from(drawn!, (v) => Math.round(v * 255)) }));
    load.then((s) => on && setShown(s), (e: Error) => on && setShown({ key, error: e.message }));
    return () => { on = false; stop.abort(); };
  }, [ready, worker, url.source, url.image, drawn, key, attempt]);

  // Typed or linked, T is read by the shared parser; while it is not a value the bars keep the last good one.
  const parsedT = parseField(url.t, TEMPERATURE);
  const lastGoodT = useRef(1);
  if (parsedT.ok) lastGoodT.current = parsedT.value;
  const temperature = lastGoodT.current;
  const current = shown?.key === key ? shown : undefined;
  const soft = useMemo(() => {
    if (!current || !('logits' in current)) return undefined;
    try {
      return { probabilities: softmaxWithTemperature(current.logits, temperature) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }, [current, temperature]);
  const probabilities = soft && 'probabilities' in soft ? soft.probabilities : undefined;
  const problem = !parsedT.ok ? parsedT.message : soft && 'error' in soft ? `No probabilities: ${soft.error}.` : undefined;
  const ranked = probabilities ? Array.from(probabilities, (p, d) => ({ d, p })).sort((a, b) => b.p - a.p) : [];
  const sliderValue = Number.isFinite(temperature) ? Math.min(20, Math.max(1, temperature)) : 1;
  const title = 'Soft targets: what the teacher knows besides the answer';

  return (
    <LiveWidget title={title}>
      <div className="controls">
        <label htmlFor={ids.source}>Image
          <select id={ids.source} value={url.source} onChange={(e) => setUrl({ source: e.target.value as typeof url.source })}>
            <option value="test">a test image</option>
            <option value="drawn">a digit I draw</option>
          </select>
        </label>
        {url.source === 'test' && (
          <NumberField rule={IMAGE} value={url.image} onValue={(image) => setUrl({ image })} />
        )}
        {url.source === 'test' && (
          <button type="button" onClick={() => setUrl({ image: (url.image + 1) % 10000 })}>Next image</button>
        )}
      </div>
      <div className="controls">
        <label htmlFor={ids.t}>Temperature T
          <input id={ids.t} className="live-slider" type="range" min={1} max={20} step={0.5} value={sliderValue} onChange={(e) => setUrl({ t: e.target.value })} />
        </label>
        <label htmlFor={ids.tNumber}>T (type any value)
          <input id={ids.tNumber} type="text" inputMode="decimal" autoComplete="off" size={6} value={url.t} aria-invalid={problem !== undefined} aria-describedby={problem ? ids.problem : undefined} onChange={(e) => setUrl({ t: e.target.value })} />
        </label>
        <label htmlFor={ids.scale}>Axis
          <select id={ids.scale} value={url.scale} onChange={(e) => setUrl({ scale: e.target.value as typeof url.scale })}>
            <option value="linear">linear</option>
            <option value="log">logarithmic</option>
          </select>
        </label>
      </div>

      <div className="kd-soft">
        <div className="kd-image">
          {url.source === 'drawn' ? (
            <>
              <p id={ids.canvas} className="muted">Draw one digit with the mouse, a pen or a finger (the test images above need only the keyboard). A drawing is not kept in the page’s link.</p>
              <DrawDigit onDigit={(pixels) => setDrawing((d) => ({ n: d.n + 1, pixels }))} labelId={ids.canvas} />
              {drawn && <DigitImage pixels={Uint8Array.from(drawn, (v) => Math.round(v * 255))} label="your drawing as the teacher sees it: 28 by 28 pixels, centred" size={84} />}
            </>
          ) : current && 'pixels' in current && current.pixels ? (
            <DigitImage pixels={current.pixels} label={`test image ${url.image}, a ${current.label}`} />
          ) : null}
          {url.source === 'test' && current && 'label' in current && <p className="muted">Test image {url.image}: labelled <strong>{current.label}</strong></p>}
        </div>
        <div className="kd-bars-wrap">
          {probabilities && (
            <ProbabilityBars
              probabilities={probabilities}
              scale={url.scale}
              highlight={current && 'label' in current ? current.label : undefined}
              label={`Teacher probabilities at T = ${temperature}: ${ranked.slice(0, 3).map((r) => `${r.d} ${percent(r.p)}`).join(', ')}`}
            />
          )}
          {probabilities && (
            <p role="status" data-testid="kd-top" data-t={temperature} data-values={Array.from(probabilities).join(',')}>
              At T = {temperature}: {ranked.slice(0, 3).map((r, i) => <span key={r.d}>{i > 0 && ', '}<strong>{r.d}</strong> {percent(r.p)}</span>)}
              {' '}(the rest share {percent(ranked.slice(3).reduce((s, r) => s + r.p, 0))}).
            </p>
          )}
        </div>
      </div>
      {url.source === 'drawn' && !drawn && <p className="muted">Nothing drawn yet.</p>}
      {problem && <div role="alert" className="error-box" id={ids.problem}>{problem}</div>}
      {current && 'error' in current && (
        <div className="error-box">
          <p role="alert">The teacher could not be asked: {current.error}</p>
          <button type="button" onClick={() => { setShown(undefined); setAttempt((n) => n + 1); }}>Retry</button>
        </div>
      )}
    </LiveWidget>
  );
}
