/** A small matrix of numbers as a table, with an accessible caption. */
export function MatrixView({ name, rows, digits = 3, testId, active = false }: { name: string; rows: number[][]; digits?: number; testId?: string; active?: boolean }) {
  return (
    <figure className={active ? 'lowrank-step-active' : undefined} style={{ margin: 0 }}>
      <div className="lowrank-scroll">
        <table className="lowrank-matrix" data-testid={testId}>
          <caption>{name}</caption>
          <tbody>
            {rows.map((r, i) => <tr key={i}>{r.map((v, j) => <td key={j}>{Number(v.toPrecision(digits))}</td>)}</tr>)}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
