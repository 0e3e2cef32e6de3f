// The model worker's single-weight edits: a copy of a model with one weight changed (the
// flip-a-bit experiment), kept under a new key so the original stays as it was.
import { readWeight, writeWeight } from '../weights';
import type { HostContext } from '../host';

export function weightEditJobs(ctx: HostContext) {
  return {
    /** Copies model `key` to `newKey` with weight `name`[index] set to `value`; returns the old value. */
    withWeightValue(key: string, newKey: string, name: string, index: number, value: number): Promise<number> {
      return ctx.enqueue(undefined, async () => {
        if (newKey === key) throw new Error(`the edited copy needs a key other than "${key}"`);
        const copy = await ctx.putArtifacts(newKey, await ctx.saveArtifacts(await ctx.getModel(key)));
        const values = readWeight(copy, name);
        if (!Number.isInteger(index) || index < 0 || index >= values.length) throw new Error(`${name} has weights 0 to ${values.length - 1} (got ${index})`);
        const old = values[index];
        values[index] = value;
        writeWeight(copy, name, values);
        return old;
      });
    },
  };
}
