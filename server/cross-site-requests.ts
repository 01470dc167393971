import type { RequestHandler } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses state-changing requests that a browser made on behalf of another site (CSRF),
 * on top of SameSite=Lax session cookies. Browsers say where a request came from:
 * `Sec-Fetch-Site` (every current browser) and `Origin` (every browser on a POST).
 * A request with neither header did not come from a browser, so no victim's cookies
 * can ride on it; it passes (curl, monitoring), as in Go's CrossOriginProtection.
 */
export function rejectCrossSiteRequests(allowedOrigins: string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const fetchSite = req.get("sec-fetch-site");
    if (fetchSite === "same-origin" || fetchSite === "none") return next();
    const origin = req.get("origin");
    if (origin && allowed.has(origin)) return next();
    if (!fetchSite && !origin) return next();
    res
      .status(403)
      .type("text/plain")
      .send("This request came from another website, so Touchstone refused it. Go back to Touchstone and try again from there.");
  };
}
