export function ConnectionBanner({ connected, reason }: { connected: boolean; reason: string | null }) {
  if (connected) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="connection-banner">
      <strong>Connection to the monitor lost.</strong> Reconnecting… Values below are frozen at the last update.
      {reason ? <span className="banner-reason"> ({reason})</span> : null}
    </div>
  );
}
