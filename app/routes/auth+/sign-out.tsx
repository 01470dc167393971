import { redirect } from "@remix-run/node";
import { z } from "zod";
import { endSession } from "#app/utils/auth.server";
import { formAction } from "#app/utils/form-actions.server";
import { ok } from "#app/utils/results";

// The header's "Sign out" button: a plain form post, so it works without JavaScript.
// Pure: the browser build (where formAction is an empty server-only stub) drops the whole call.
export const action = /* @__PURE__ */ formAction(
  ({ request, context }) => ({ cookie: request.headers.get("Cookie"), liveConnections: context.liveConnections }),
  (intent) => ({
    "sign-out": intent({
      schema: z.object({}),
      run: async (_input, { cookie, liveConnections }) => ok({ setCookie: await endSession(cookie, liveConnections) }),
      success: (signedOut) => redirect("/", { headers: { "Set-Cookie": signedOut.setCookie } }),
    }),
  }),
);

// Signing out changes state, so it is a POST; a visit by link just goes home.
export function loader() {
  return redirect("/");
}
