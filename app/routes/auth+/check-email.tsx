import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";

export function loader({ request }: LoaderFunctionArgs) {
  const email = z.email().safeParse(new URL(request.url).searchParams.get("email"));
  return json({ email: email.success ? email.data : null });
}

export default function CheckEmail() {
  const { email } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Check your email</h1>
      <p>We have sent a link to {email ? <strong>{email}</strong> : "your email address"}. Open it to confirm your address. The link expires in 48 hours.</p>
      <p>
        When you have confirmed it, <Link to="/auth/sign-in">sign in</Link>.
      </p>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Check your email - Touchstone" }];
