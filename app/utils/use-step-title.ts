import { useLocation } from "@remix-run/react";
import { useEffect } from "react";
import { setPageTitle } from "#app/components/ui/error-summary";

/**
 * The document title of one step of a page whose steps share an address (a form that answers
 * on the same page): `meta` cannot see the answer to a post, so each step sets its own title in
 * the browser, and again after every navigation, where `meta`'s unchanged title would keep the
 * step before's. Without JavaScript the post is answered in one request, so the route's loader
 * can read the reply (documentPostReply, in form-actions.server.ts) and give `meta` the step.
 */
export function useStepTitle(title: string) {
  const { key } = useLocation();
  useEffect(() => {
    setPageTitle(title);
  }, [title, key]);
}
