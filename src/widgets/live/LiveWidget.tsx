import type { ReactNode } from 'react';
import { BackendPicker } from './BackendPicker';

/** The frame of a widget that runs a live model: a titled section with the backend picker on top. */
export function LiveWidget({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="widget" aria-label={title}>
      <h3>{title}</h3>
      <BackendPicker />
      {children}
    </section>
  );
}
