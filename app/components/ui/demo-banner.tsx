/**
 * A strip under the header on every page of a demo install: its accounts' passwords are
 * published in the README, so nothing typed into it is private. Shown only when the root
 * loader says the app runs with demo data.
 */
export function DemoBanner({ show }: { show: boolean | undefined }) {
  if (!show) return null;
  return (
    <div className="app-demo-banner" role="region" aria-label="Demo data">
      <div className="nhsuk-width-container">
        <p className="app-demo-banner__text">
          <strong>Demo data: do not enter real information.</strong> The demo accounts&apos; passwords are published, so anyone can read what is typed here.
        </p>
      </div>
    </div>
  );
}
