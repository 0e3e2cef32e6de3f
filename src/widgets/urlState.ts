import { useCallback, useEffect, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { parseField, type FieldRule } from './input/field';
import { useLinkReport, type Refusal } from './linkReport';

/** What a link's text for one field reads as: a value, or why it was refused (naming the field). */
export type ParamRead<T> = { ok: true; value: T } | { ok: false; message: string };

/** How one field of a widget's state is read from and written to the URL. */
export interface Param<T> {
  default: T;
  /** Reads the link's text; `label` names the field in a refusal (the param's own label wins). */
  read(text: string, label: string): ParamRead<T>;
  format(value: T): string;
  /** The field's name in messages, e.g. "Sparsity"; without it the field's key ("sparsity") names it. */
  label?: string;
}

export type Schema<S> = { [K in keyof S]: Param<S[K]> };

/** Longest text a link may give a field: typed values and lists are far shorter. */
export const MAX_PARAM_CHARS = 500;
const ECHO_CHARS = 24;
const echo = (text: string) => `“${text.length > ECHO_CHARS ? `${text.slice(0, ECHO_CHARS)}…` : text}”`;
const tooLong = (label: string, text: string) =>
  `${label} takes at most ${MAX_PARAM_CHARS} characters; the link gives ${text.length.toLocaleString('en-US')}.`;

const numberParam = (fallback: number, rule: Omit<FieldRule, 'label'> & { label?: string }): Param<number> => ({
  default: fallback,
  label: rule.label,
  read: (text, label) => parseField(text, { ...rule, label: rule.label ?? label }),
  format: (v) => String(v),
});

export const param = {
  /** One of a fixed list of names (formats, methods, models). */
  oneOf<T extends string>(values: readonly T[], fallback: T, label?: string): Param<T> {
    return {
      default: fallback,
      label,
      read: (text, name) => (values as readonly string[]).includes(text)
        ? { ok: true, value: text as T }
        : { ok: false, message: `${label ?? name} must be one of ${values.join(', ')}; got ${echo(text)}.` },
      format: (v) => v,
    };
  },
  /** A number in [min, max], read by the shared parser: out-of-range text is refused, never clamped. */
  number(fallback: number, min = -Infinity, max = Infinity, label?: string): Param<number> {
    return numberParam(fallback, { min, max, label });
  },
  /** A whole number in [min, max]; "2.5" is refused, not rounded. */
  integer(fallback: number, min = -Infinity, max = Infinity, label?: string): Param<number> {
    return numberParam(fallback, { min, max, label, integer: true });
  },
  /** A number read with the same rule as the widget's NumberField for it. */
  field(fallback: number, rule: FieldRule): Param<number> {
    return numberParam(fallback, rule);
  },
  /** Text kept as given (a widget reads it further and names its own problems); only its length is limited. */
  string(fallback: string, label?: string): Param<string> {
    return {
      default: fallback,
      label,
      read: (text, name) => (text.length <= MAX_PARAM_CHARS ? { ok: true, value: text } : { ok: false, message: tooLong(label ?? name, text) }),
      format: (v) => v,
    };
  },
  boolean(fallback: boolean, label?: string): Param<boolean> {
    return {
      default: fallback,
      label,
      read: (text, name) => (text === '1' ? { ok: true, value: true } : text === '0' ? { ok: true, value: false }
        : { ok: false, message: `${label ?? name} must be 1 (on) or 0 (off); got ${echo(text)}.` }),
      format: (v) => (v ? '1' : '0'),
    };
  },
};

/**
 * Reads a widget's fields from the query. A field whose text is refused, or which the link gives
 * more than once, keeps its default, and the refusal says which link value was ignored and why.
 */
export function readSchema<S extends object>(params: URLSearchParams, prefix: string, schema: Schema<S>): { state: S; refusals: Refusal[] } {
  const state = {} as S;
  const refusals: Refusal[] = [];
  for (const key of Object.keys(schema) as (keyof S)[]) {
    const p = schema[key];
    const name = `${prefix}.${String(key)}`;
    const texts = params.getAll(name);
    state[key] = p.default;
    if (texts.length === 0) continue;
    // Unlabelled fields are named by their key; the notice shows the whole URL key beside it.
    const label = p.label ?? String(key);
    const read: ParamRead<S[keyof S]> = texts.length > 1
      ? { ok: false, message: `${label} is given ${texts.length} times in the link (${texts.map(echo).join(', ')}); one value is needed.` }
      : p.read(texts[0], label);
    if (read.ok) state[key] = read.value;
    else refusals.push({ key: name, text: texts.length > 1 ? texts.join(', ') : texts[0], message: read.message, shown: p.format(p.default) });
  }
  return { state, refusals };
}

/**
 * The query of the URL as it is now. setSearchParams hands its updater the parameters of the last
 * render, so two updates before a re-render (a drag, fast typing) would lose the first; the live
 * URL has both. The app routes in the hash (#/path?query).
 */
function liveParams(rendered: URLSearchParams): URLSearchParams {
  const hash = typeof window === 'undefined' ? '' : window.location.hash;
  if (!hash.startsWith('#/')) return rendered;
  const i = hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : hash.slice(i + 1));
}

/**
 * A widget's state kept in the page URL under `prefix.key` names, so a copied link shows the
 * same state. Fields equal to their default are left out of the URL. Refused link values are
 * reported to the widget's frame (see linkReport.ts), which tells the reader.
 */
export function useUrlState<S extends object>(prefix: string, schema: Schema<S>): [S, (patch: Partial<S>) => void] {
  const [params] = useSearchParams();
  const { state, refusals } = useMemo(() => readSchema(params, prefix, schema), [params, prefix, schema]);
  const report = useLinkReport();
  const keys = useMemo(() => Object.keys(schema).map((k) => `${prefix}.${k}`), [prefix, schema]);
  report?.note(keys, refusals);
  useEffect(() => report?.declare(keys, refusals), [report, keys, refusals]);

  const update = useUrlWriter(prefix, schema);
  return [state, update];
}

/**
 * Writes fields of a widget's URL state (`prefix.key`) without reading or declaring them: for a
 * widget that fills another's settings (the sensitivity scan filling "Prune the live model").
 * Fields equal to their default are left out of the URL.
 */
export function useUrlWriter<S extends object>(prefix: string, schema: Schema<S>): (patch: Partial<S>) => void {
  const [, setParams] = useSearchParams();
  return useCallback(
    (patch: Partial<S>) => {
      setParams(
        (prev) => {
          const next = liveParams(prev);
          for (const key of Object.keys(patch) as (keyof S)[]) {
            const name = `${prefix}.${String(key)}`;
            const value = patch[key] as S[keyof S];
            if (value === schema[key].default) next.delete(name);
            else next.set(name, schema[key].format(value));
          }
          return next;
        },
        { replace: true },
      );
    },
    [prefix, schema, setParams],
  );
}

/** Removes the given keys (e.g. "pr.sparsity") from the page URL: the widgets reading them show their defaults. */
export function useClearUrlKeys(): (keys: readonly string[]) => void {
  const [, setParams] = useSearchParams();
  return useCallback(
    (keys: readonly string[]) => setParams((prev) => {
      const next = liveParams(prev);
      keys.forEach((k) => next.delete(k));
      return next;
    }, { replace: true }),
    [setParams],
  );
}
