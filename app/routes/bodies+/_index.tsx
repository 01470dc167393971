import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listPartnershipBodies } from "~/features/governance/bodies.server";

export async function loader() {
  return json({ bodies: await listPartnershipBodies() });
}

export default function Bodies() {
  const { bodies } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>The partnership</h1>
      <ul className="nhsuk-list nhsuk-list--border">
        {bodies.map((body) => (
          <li key={body.id}>
            <Link to={`/bodies/${body.slug}`}>{body.name}</Link>
            <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">{body.description}</p>
          </li>
        ))}
      </ul>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "The partnership - Touchstone" }];
