/** A paper or document a lesson draws on. */
export interface Reference {
  authors: string;
  title: string;
  venue: string;
  year: number;
  url?: string;
}

export function FurtherReading({ items }: { items: Reference[] }) {
  if (items.length === 0) return null;
  return (
    <section className="further-reading slide" aria-labelledby="further-reading">
      <h2 id="further-reading">Further reading</h2>
      <ul>
        {items.map((r) => (
          <li key={r.title}>
            {r.authors}. {r.url ? <a href={r.url}>{r.title}</a> : <cite>{r.title}</cite>}. {r.venue}, {r.year}.
          </li>
        ))}
      </ul>
    </section>
  );
}
