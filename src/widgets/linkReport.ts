// What a widget's URL state declares to the frame around it (lesson/WidgetScope.tsx): the URL keys
// it reads, so "Reset this widget" can clear them, and the link values it refused, so the frame can
// say which were ignored and why.
import { createContext, useContext } from 'react';

/** One link value that was not used. */
export interface Refusal {
  /** The URL key, e.g. "pr.sparsity". */
  key: string;
  /** The text the link gave (several, comma-joined, for a duplicated key). */
  text: string;
  /** Why, naming the field and what it accepts. */
  message: string;
  /** The value shown instead, as URL text. */
  shown: string;
}

export interface LinkSnapshot {
  keys: readonly string[];
  refusals: readonly Refusal[];
}

const EMPTY: LinkSnapshot = { keys: [], refusals: [] };

/** The declarations of every useUrlState under one frame; several may share a key (rt.backend). */
export class LinkReport {
  private entries = new Set<{ keys: readonly string[]; refusals: readonly Refusal[] }>();
  private listeners = new Set<() => void>();
  private snapshot = EMPTY;
  /**
   * Keys and refusals noted while rendering: a widget that throws on its first render never runs
   * its effects, yet its frame must still say what the link held and which keys Reset clears.
   */
  private seen = new Set<string>();
  private lastRefusals = new Map<string, Refusal>();

  declare(keys: readonly string[], refusals: readonly Refusal[]): () => void {
    const entry = { keys, refusals };
    this.entries.add(entry);
    this.changed();
    return () => { this.entries.delete(entry); this.changed(); };
  }

  /** Called during render (no listener is told): see `seen`. */
  note(keys: readonly string[], refusals: readonly Refusal[]) {
    keys.forEach((k) => { this.seen.add(k); this.lastRefusals.delete(k); });
    refusals.forEach((r) => this.lastRefusals.set(r.key, r));
  }

  /** Every key noted since the frame mounted, and the refusals of the last render that read them. */
  noted(): LinkSnapshot {
    return { keys: [...this.seen].sort(), refusals: [...this.lastRefusals.values()] };
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  };

  getSnapshot = () => this.snapshot;

  private changed() {
    const keys = new Set<string>();
    const refusals = new Map<string, Refusal>();
    for (const e of this.entries) {
      e.keys.forEach((k) => keys.add(k));
      e.refusals.forEach((r) => refusals.set(r.key, r));
    }
    this.snapshot = { keys: [...keys].sort(), refusals: [...refusals.values()] };
    this.listeners.forEach((l) => l());
  }
}

export const LinkReportContext = createContext<LinkReport | null>(null);

/** The frame's report, or null outside any widget frame (nothing is reported then). */
export const useLinkReport = () => useContext(LinkReportContext);
