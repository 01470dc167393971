/**
 * A horizontal bar chart in plain HTML: every bar has its number beside it, and the whole
 * chart is described in one label for screen readers, so nothing depends on colour or sight.
 */
export function BarChart({ label, rows }: { label: string; rows: { label: string; value: number; display?: string }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <div className="app-chart" role="img" aria-label={`${label}: ${rows.map((r) => `${r.label} ${r.display ?? r.value}`).join(", ")}`}>
      {rows.map((row) => (
        <div className="app-chart__row" key={row.label}>
          <span className="app-chart__label">{row.label}</span>
          <span className="app-chart__bar" style={{ width: `${(row.value / max) * 60}%` }} />
          <span className="app-chart__value">{row.display ?? row.value}</span>
        </div>
      ))}
    </div>
  );
}
