import { NavLink, useRevalidator } from "@remix-run/react";
import { useState } from "react";
import { useRoomEvents } from "#app/utils/realtime-context";
import { analysisRoom } from "#app/features/analysis/analysis.events";

const PAGES = [
  { to: "", label: "Comments" },
  { to: "/themes", label: "Themes" },
  { to: "/summary", label: "Summary" },
  { to: "/response", label: "You said, we did" },
  { to: "/import", label: "Import responses" },
] as const;

/** The workspace's pages, as NHS.UK sub-navigation. */
export function AnalysisNav({ slug }: { slug: string }) {
  const base = `/manage/proposals/${slug}/analysis`;
  return (
    <nav className="app-subnav" aria-label="Feedback analysis">
      <ul className="app-subnav__list">
        {PAGES.map((page) => (
          <li key={page.to}>
            <NavLink end className="app-subnav__link" to={`${base}${page.to}`}>
              {page.label}
            </NavLink>
          </li>
        ))}
        <li>
          <a className="app-subnav__link" href={`/proposals/${slug}/report`}>
            Report
          </a>
        </li>
      </ul>
    </nav>
  );
}

/**
 * Reloads the page's data when another commissioner changes something, and says so in a
 * polite live region. Uncontrolled form fields keep what this commissioner has typed.
 */
export function LiveAnalysis({ proposalId, userId }: { proposalId: string; userId: string }) {
  const { revalidate } = useRevalidator();
  const [message, setMessage] = useState("");
  useRoomEvents(analysisRoom(proposalId), (event) => {
    const payload = event.payload;
    if (payload.by === userId) return;
    setMessage(`Another commissioner changed the ${payload.what === "tags" ? "tags" : payload.what}. The page is up to date.`);
    revalidate();
  });
  return (
    <p className="nhsuk-body-s" role="status" aria-live="polite" data-testid="live-analysis">
      {message}
    </p>
  );
}
