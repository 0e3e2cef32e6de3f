const N = 10_000_000;
const x = new Float32Array(N); for (let i = 0; i < N; i++) x[i] = Math.random() * 2 - 1;
const qOut = new Int32Array(N); const out = new Float32Array(N);
const R = 6755399441055744;
function qa(out: Int32Array, x: Float32Array, scale: number, zp: number, lo: number, hi: number) {
  for (let i = 0; i < x.length; i++) { const v = x[i]; if (v !== v) throw new Error('nan'); const r = v / scale; const c = r < lo ? lo : r > hi ? hi : r; out[i] = c + R - R + zp; }
}
function qb(out: Int32Array, x: Float32Array, scale: number, zp: number, lo: number, hi: number) {
  for (let i = 0; i < x.length; i++) { const v = x[i]; const r = v / scale; const c = r < lo ? lo : r > hi ? hi : r; out[i] = c + R - R + zp; }
}
function qc(out: Int32Array, x: Float32Array, scale: number, zp: number, lo: number, hi: number) {
  for (let i = 0; i < x.length; i++) { const r = x[i] / scale; out[i] = Math.min(hi, Math.max(lo, r)) + R - R + zp; }
}
function qd(out: Int32Array, x: Float32Array, scale: number, zp: number, lo: number, hi: number) {
  for (let i = 0; i < x.length; i++) { const r = x[i] / scale; out[i] = Math.round(r); }
}
const time = (f: () => unknown) => { f(); let best = Infinity; for (let r = 0; r < 3; r++) { const t = performance.now(); f(); best = Math.min(best, performance.now() - t); } return best; };
const copy = time(() => { for (let i = 0; i < N; i++) out[i] = x[i]; });
console.log({ copy, a: time(() => qa(qOut, x, 0.03, 0, -127, 127)), b: time(() => qb(qOut, x, 0.03, 0, -127, 127)), c: time(() => qc(qOut, x, 0.03, 0, -127, 127)), d: time(() => qd(qOut, x, 0.03, 0, -127, 127)) });
function qe(out: Int32Array, x: Float32Array, scale: number, zp: number, lo: number, hi: number) {
  const inv = 1 / scale;
  for (let i = 0; i < x.length; i++) { const r = x[i] * inv; out[i] = Math.min(hi, Math.max(lo, r)) + R - R + zp; }
}
function qf(out: Int32Array, x: Float32Array, scale: number, zp: number, lo: number, hi: number) {
  for (let i = 0; i < x.length; i++) { const r = x[i] / scale; out[i] = (Math.min(hi, Math.max(lo, r)) + R) - R + zp; }
}
function qg(out: Int32Array, x: Float32Array, scale: number, zp: number, lo: number, hi: number) {
  for (let i = 0; i < x.length; i++) { const v = x[i]; if (v !== v) throw new Error('nan'); out[i] = Math.min(hi, Math.max(lo, v / scale)) + R - R + zp; }
}
console.log({ e: time(() => qe(qOut, x, 0.03, 0, -127, 127)), f: time(() => qf(qOut, x, 0.03, 0, -127, 127)), g: time(() => qg(qOut, x, 0.03, 0, -127, 127)), c: time(() => qc(qOut, x, 0.03, 0, -127, 127)) });
function qh(out: Int32Array, x: Float32Array, scale: number, zp: number, lo: number, hi: number) {
  let nan = 0;
  for (let i = 0; i < x.length; i++) { const v = x[i]; nan |= +(v !== v); out[i] = Math.min(hi, Math.max(lo, v / scale)) + R - R + zp; }
  if (nan) throw new Error('nan');
}
function qi(out: Int32Array, x: Float32Array, scale: number, zp: number, lo: number, hi: number) {
  let nan = false;
  for (let i = 0; i < x.length; i++) { const v = x[i]; if (v !== v) nan = true; out[i] = Math.min(hi, Math.max(lo, v / scale)) + R - R + zp; }
  if (nan) throw new Error('nan');
}
for (let k = 0; k < 2; k++) console.log({ copy: time(() => { for (let i = 0; i < N; i++) out[i] = x[i]; }), h: time(() => qh(qOut, x, 0.03, 0, -127, 127)), i: time(() => qi(qOut, x, 0.03, 0, -127, 127)), c: time(() => qc(qOut, x, 0.03, 0, -127, 127)) });
