import type { MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BodyList } from "#app/components/body-list";
import { listPartnershipBodies } from "#app/features/governance/bodies.server";

export async function loader() {
  return json({ bodies: await listPartnershipBodies() });
}

export default function Bodies() {
  const { bodies } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>The partnership</h1>
      <BodyList bodies={bodies} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "The partnership - Touchstone" }];
