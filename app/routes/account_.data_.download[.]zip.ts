import type { LoaderFunctionArgs } from "@remix-run/node";
import { openExport } from "#app/features/privacy/export.server";
import { requireUser } from "#app/utils/permissions.server";
import { firstMessage } from "#app/utils/results";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const copy = await openExport(user, new URL(request.url).searchParams.get("token") ?? "");
  if (!copy.ok) return new Response(`${firstMessage(copy)}.`, { status: copy.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(Buffer.from(copy.bytes), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${copy.fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
