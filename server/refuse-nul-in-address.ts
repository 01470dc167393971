import type { RequestHandler } from "express";

/**
 * A NUL byte (`%00`) in a web address is never part of a Touchstone page, and PostgreSQL refuses
 * text holding one, so a page looking it up (a slug, an id, a search) would fail with a server
 * error. Such an address is refused at the door, whatever page or parameter carries it.
 */
export const refuseNulInAddress: RequestHandler = (req, res, next) => {
  if (!/%00/i.test(req.originalUrl)) return next();
  res
    .status(400)
    .type("text/plain")
    .send("This web address holds a character that no Touchstone page uses (%00), so Touchstone cannot open it. Check the address and try again.");
};
