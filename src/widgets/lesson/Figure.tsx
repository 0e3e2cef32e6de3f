import type { ReactNode } from 'react';

/** A widget or picture with a caption; `source` names the paper a reproduced figure comes from. */
export function Figure({ caption, source, children }: { caption: ReactNode; source?: ReactNode; children: ReactNode }) {
  return (
    <figure className="figure">
      <div className="figure-body">{children}</div>
      <figcaption>
        {caption}
        {source && <span className="figure-source"> Source: {source}.</span>}
      </figcaption>
    </figure>
  );
}
