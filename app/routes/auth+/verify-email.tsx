import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TokenSchema } from "#app/features/accounts/accounts.schema";
import { verifyEmail } from "#app/features/accounts/accounts.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const parsed = TokenSchema.safeParse({ token: new URL(request.url).searchParams.get("token") ?? undefined });
  const verified = parsed.success ? await verifyEmail(parsed.data.token) : false;
  return json({ verified, signedIn: !!context.user }, { status: verified ? 200 : 400 });
}

export default function VerifyEmail() {
  const { verified, signedIn } = useLoaderData<typeof loader>();
  if (!verified) {
    return (
      <>
        <h1>This link has expired or has already been used</h1>
        <p>
          If you have already confirmed your email address, <Link to="/auth/sign-in">sign in</Link>. Otherwise, sign in and ask for a new link from your account
          page.
        </p>
      </>
    );
  }
  return (
    <>
      <div className="nhsuk-panel nhsuk-panel--confirmation">
        <h1 className="nhsuk-panel__title">Email address confirmed</h1>
      </div>
      <p>{signedIn ? <Link to="/account">Go to your account</Link> : <Link to="/auth/sign-in">Sign in</Link>}</p>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Confirm your email address - Touchstone" }];
