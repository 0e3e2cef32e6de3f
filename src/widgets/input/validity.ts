// Whether every NumberField of a widget holds an allowed value, so its Run button can wait until
// they do instead of running with the last accepted value while a field shows an error.
import { createContext, useContext, useEffect, useSyncExternalStore } from 'react';

/** The fields under one widget frame: for each, the id of its error message while it shows one. */
export class FieldValidity {
  private errors = new Map<string, string>();
  private listeners = new Set<() => void>();
  private snapshot: readonly string[] = [];

  /** Field `field` shows the message with id `errorId`, or none (null). */
  set(field: string, errorId: string | null) {
    if ((this.errors.get(field) ?? null) === errorId) return;
    if (errorId === null) this.errors.delete(field);
    else this.errors.set(field, errorId);
    this.snapshot = [...this.errors.values()];
    this.listeners.forEach((l) => l());
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  };

  getSnapshot = () => this.snapshot;
}

export const FieldValidityContext = createContext<FieldValidity | null>(null);

const NONE: readonly string[] = [];
const noStore = () => () => {};

/** A NumberField reports whether it shows an error (the id of its message) to the widget's frame. */
export function useReportValidity(field: string, errorId: string | null) {
  const scope = useContext(FieldValidityContext);
  useEffect(() => {
    scope?.set(field, errorId);
  }, [scope, field, errorId]);
  useEffect(() => () => scope?.set(field, null), [scope, field]);
}

/**
 * For a widget's primary button: `valid` is false while any of its fields shows an error, and
 * `describedBy` names those messages, so a screen reader says why the button is disabled:
 * `<button disabled={busy || !fields.valid} aria-describedby={fields.describedBy}>`.
 */
export function useFieldsValid(): { valid: boolean; describedBy: string | undefined } {
  const scope = useContext(FieldValidityContext);
  const errors = useSyncExternalStore(scope?.subscribe ?? noStore, scope?.getSnapshot ?? (() => NONE));
  return { valid: errors.length === 0, describedBy: errors.length ? errors.join(' ') : undefined };
}
