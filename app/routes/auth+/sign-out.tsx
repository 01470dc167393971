import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { endSession } from "~/utils/auth.server";

export async function action({ request, context }: ActionFunctionArgs) {
  return redirect("/", { headers: { "Set-Cookie": await endSession(request.headers.get("Cookie"), context.liveConnections) } });
}

// Signing out changes state, so it is a POST; a visit by link just goes home.
export function loader() {
  return redirect("/");
}
