import { describe, expect, it } from 'vitest';
import { MAX_PARAM_CHARS, param, readSchema } from './urlState';

const schema = {
  sparsity: param.number(0.9, 0, 0.999, 'Sparsity'),
  steps: param.integer(300, 1, 5000, 'Training steps'),
  fmt: param.oneOf(['fp32', 'fp16', 'bf16'] as const, 'fp32', 'Format'),
  huffman: param.boolean(true, 'Huffman coding'),
  layers: param.string(''),
};

const read = (query: string) => readSchema(new URLSearchParams(query), 'pr', schema);
const HOSTILE = ['abc', '', 'NaN', 'Infinity', '-Infinity', '1e308', '-1', '0.5', 'x'.repeat(5000)];

describe('URL parameters read through the shared parser', () => {
  it('refuses every hostile value with a message naming the field, and shows the default instead', () => {
    for (const text of HOSTILE) {
      for (const key of ['steps', 'fmt', 'huffman'] as const) {
        const { state, refusals } = read(`pr.${key}=${encodeURIComponent(text)}`);
        expect(state[key], `${key}=${text.slice(0, 20)}`).toBe(schema[key].default);
        expect(refusals).toHaveLength(1);
        expect(refusals[0]).toMatchObject({ key: `pr.${key}`, text, shown: schema[key].format(schema[key].default as never) });
        expect(refusals[0].message).toContain(schema[key].label);
        expect(refusals[0].message.length).toBeLessThan(160);
      }
    }
    // Sparsity accepts 0.5, the rest not.
    for (const text of HOSTILE.filter((t) => t !== '0.5')) expect(read(`pr.sparsity=${encodeURIComponent(text)}`).refusals).toHaveLength(1);
  });

  it('says why in words: the range or the choices', () => {
    expect(read('pr.steps=2.5').refusals[0].message).toBe('Training steps must be a whole number from 1 to 5,000; “2.5” is not whole.');
    expect(read('pr.sparsity=abc').refusals[0].message).toBe('Sparsity must be a number from 0 to 0.999; “abc” is not a number.');
    expect(read('pr.fmt=garbage').refusals[0].message).toBe('Format must be one of fp32, fp16, bf16; got “garbage”.');
    expect(read('pr.huffman=yes').refusals[0].message).toBe('Huffman coding must be 1 (on) or 0 (off); got “yes”.');
    expect(read(`pr.layers=${'9'.repeat(5000)}`).refusals[0].message).toBe(`layers takes at most ${MAX_PARAM_CHARS} characters; the link gives 5,000.`);
  });

  it('never clamps: the edges are used, the first value past them is refused', () => {
    expect(read('pr.steps=5000').state.steps).toBe(5000);
    expect(read('pr.steps=5001')).toMatchObject({ state: { steps: 300 }, refusals: [{ message: 'Training steps must be a whole number from 1 to 5,000; got “5001”.' }] });
    expect(read('pr.sparsity=0.999').state.sparsity).toBe(0.999);
    expect(read('pr.sparsity=1').state.sparsity).toBe(0.9);
    expect(read('pr.sparsity=-0.001').state.sparsity).toBe(0.9);
  });

  it('refuses a key given twice, whatever its values', () => {
    const { state, refusals } = read('pr.steps=10&pr.steps=20&pr.fmt=fp16');
    expect(state).toMatchObject({ steps: 300, fmt: 'fp16' });
    expect(refusals).toEqual([{ key: 'pr.steps', text: '10, 20', shown: '300', message: 'Training steps is given 2 times in the link (“10”, “20”); one value is needed.' }]);
  });

  it('reads back every valid value it writes', () => {
    const values = { sparsity: 0.125, steps: 4999, fmt: 'bf16', huffman: false, layers: '90,80,70' } as const;
    const query = new URLSearchParams(Object.entries(values).map(([k, v]) => [`pr.${k}`, schema[k as keyof typeof schema].format(v as never)]));
    expect(readSchema(query, 'pr', schema)).toEqual({ state: values, refusals: [] });
  });

  it('names a field by its key when the param has no label', () => {
    expect(readSchema(new URLSearchParams('dc.rounds=abc'), 'dc', { rounds: param.integer(2, 0, 30) }).refusals[0].message)
      .toBe('rounds must be a whole number from 0 to 30; “abc” is not a number.');
  });
});
