import { useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";

/**
 * What the reader last arrived at. Module state, not component state: the root's error boundary
 * draws its own document, and a page that fails after a link must still count as a new page.
 */
let lastPage: { pathname: string; heading: string } | null = null;

function mainHeading(): HTMLElement | null {
  return document.querySelector<HTMLElement>("#maincontent h1");
}

function currentPage() {
  return { pathname: window.location.pathname, heading: mainHeading()?.textContent?.trim() ?? "" };
}

/** Focus set by the page itself (an error summary after a failed post) is where the reader should be. */
function pageTookFocus(): boolean {
  return !!document.activeElement?.closest(".nhsuk-error-summary, [role='alert']");
}

function focusMainHeading() {
  const target = mainHeading() ?? document.getElementById("maincontent");
  if (!target) return;
  if (!target.hasAttribute("tabindex")) {
    // Focusable only while it holds focus, so it never becomes a stop in the tab order.
    target.setAttribute("tabindex", "-1");
    target.addEventListener("blur", () => target.removeAttribute("tabindex"), { once: true });
  }
  // The router has already scrolled (to the top, or to the link's #fragment): keep it there.
  target.focus({ preventScroll: true });
}

/**
 * Tells screen reader users that a link or a post has taken them to a new page, as a full page
 * load would: focus moves to the new page's main heading and its title is read out. Not on the
 * first load (the browser does that), nor when only the address's query or fragment changed and
 * the page is still the same one (sorting, "show more", the answer to a comment form), nor when
 * the page has put focus on an error summary. A change that keeps the address but draws another
 * page (a vote's check step) is a new page: its main heading changes.
 */
export function RouteAnnouncer() {
  const location = useLocation();
  const [announcement, setAnnouncement] = useState("");
  useEffect(() => {
    // After the page's own effects (its title, an error summary's focus) have run.
    const timer = window.setTimeout(() => {
      const page = currentPage();
      const previous = lastPage;
      lastPage = page;
      if (!previous) return;
      if (page.pathname === previous.pathname && page.heading === previous.heading) return;
      if (pageTookFocus()) return;
      focusMainHeading();
      // Emptied first, so that arriving at a page with the same title is announced again.
      setAnnouncement("");
      window.setTimeout(() => setAnnouncement(document.title), 100);
    }, 0);
    return () => window.clearTimeout(timer);
  }, [location.key]);
  return (
    <div className="nhsuk-u-visually-hidden" aria-live="polite" aria-atomic="true" data-testid="route-announcer">
      {announcement}
    </div>
  );
}
