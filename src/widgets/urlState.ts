import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/** How one field of a widget's state is read from and written to the URL. */
export interface Param<T> {
  default: T;
  /** Returns undefined for text that is not a valid value; the default is used then. */
  parse(text: string): T | undefined;
  format(value: T): string;
}

export type Schema<S> = { [K in keyof S]: Param<S[K]> };

export const param = {
  /** One of a fixed list of names (formats, methods, models). */
  oneOf<T extends string>(values: readonly T[], fallback: T): Param<T> {
    return { default: fallback, parse: (s) => (values as readonly string[]).includes(s) ? (s as T) : undefined, format: (v) => v };
  },
  /** A finite number, clamped to [min, max]. */
  number(fallback: number, min = -Infinity, max = Infinity): Param<number> {
    return {
      default: fallback,
      parse: (s) => {
        const n = Number(s);
        return s.trim() !== '' && Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : undefined;
      },
      format: (v) => String(v),
    };
  },
  integer(fallback: number, min = -Infinity, max = Infinity): Param<number> {
    const inner = param.number(fallback, min, max);
    return { ...inner, parse: (s) => { const n = inner.parse(s); return n === undefined ? undefined : Math.round(n); } };
  },
  string(fallback: string): Param<string> {
    return { default: fallback, parse: (s) => s, format: (v) => v };
  },
  boolean(fallback: boolean): Param<boolean> {
    return { default: fallback, parse: (s) => (s === '1' ? true : s === '0' ? false : undefined), format: (v) => (v ? '1' : '0') };
  },
};

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
 * same state. Fields equal to their default are left out of the URL.
 */
export function useUrlState<S extends object>(prefix: string, schema: Schema<S>): [S, (patch: Partial<S>) => void] {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => {
    const out = {} as S;
    for (const key of Object.keys(schema) as (keyof S)[]) {
      const text = params.get(`${prefix}.${String(key)}`);
      const parsed = text === null ? undefined : schema[key].parse(text);
      out[key] = parsed === undefined ? schema[key].default : parsed;
    }
    return out;
  }, [params, prefix, schema]);

  const update = useCallback(
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
  return [state, update];
}
