import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";

const Query = z.object({
  status: z.enum(["confirmed", "waiting"]).catch("confirmed"),
  email: z.email().optional().catch(undefined),
  confirm: z.literal("1").optional().catch(undefined),
});

export function loader({ request, params }: LoaderFunctionArgs) {
  return json({ slug: params.slug ?? "", ...Query.parse(Object.fromEntries(new URL(request.url).searchParams)) });
}

export default function Registered() {
  const { slug, status, email, confirm } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="nhsuk-panel nhsuk-panel--confirmation">
        <h1 className="nhsuk-panel__title">{status === "confirmed" ? "You have a place" : "You are on the waiting list"}</h1>
      </div>
      <p>
        We have emailed {email ? <strong>{email}</strong> : "you"}{" "}
        {status === "confirmed"
          ? "your registration code and a calendar file."
          : "your place in the queue. If a place comes free we will confirm it and email you."}{" "}
        The email has a link to cancel if you cannot come.
      </p>
      {confirm ? (
        <div className="nhsuk-inset-text">
          <p>
            <strong>Open the link in the email within 48 hours to confirm your address</strong>, or we will give your place to someone else.
          </p>
        </div>
      ) : null}
      <p>
        <Link to={`/meetings/${slug}`}>Back to the meeting</Link>
      </p>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Registered - Touchstone" }];
