import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { openExport } from "#app/features/privacy/export.server";
import { requireUser } from "#app/utils/permissions.server";
import { firstMessage } from "#app/utils/results";

// The emailed link lands here: signing in first if need be, then a download button.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const copy = await openExport(user, token);
  if (!copy.ok) return json({ error: firstMessage(copy), token: null, size: 0 }, { status: copy.status });
  return json({ error: null, token, size: copy.bytes.byteLength });
}

export default function DownloadCopy() {
  const { error, token, size } = useLoaderData<typeof loader>();
  if (error || !token) {
    return (
      <>
        <h1>This link cannot be used</h1>
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>Download not available
            </span>
          </h2>
          <p>{error}.</p>
        </div>
        <p>
          <Link to="/account/data">Ask for a new copy of your data</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Your data is ready</h1>
      <p>The zip file holds a page you can open in a web browser (touchstone-data.html) and the same data for other programs (touchstone-data.json).</p>
      <p>
        <a className="nhsuk-button" href={`/account/data/download.zip?${new URLSearchParams({ token })}`} download>
          Download your data (zip, {Math.max(1, Math.round(size / 1024))} KB)
        </a>
      </p>
      <p>Keep it somewhere safe: it holds everything Touchstone knows about you.</p>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Download your data - Touchstone" }];
