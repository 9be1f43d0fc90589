export interface StatCardProps {
  label: string;
  value: string;
  detail?: string;
  testId?: string;
  accent?: string;
}

export function StatCard({ label, value, detail, testId, accent }: StatCardProps) {
  return (
    <div className="stat" style={accent ? { borderTopColor: accent } : undefined}>
      <div className="stat-label">{label}</div>
      <div className="stat-value" data-testid={testId}>
        {value}
      </div>
      {detail ? <div className="stat-detail">{detail}</div> : null}
    </div>
  );
}
