import type { ReactNode } from 'react';

/** A side remark: history, a hardware detail, a caveat. */
export function Aside({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <aside className="aside">
      {title && <p className="aside-title">{title}</p>}
      {children}
    </aside>
  );
}
