import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";

export default function AccountDeleted() {
  return (
    <>
      <h1>Your account has been deleted</h1>
      <p className="nhsuk-lede-text">Touchstone no longer holds your email address, name or organisation, and you have been signed out everywhere.</p>
      <p>
        You can still read proposals and come to open meetings. <Link to="/">Go to the home page</Link>
      </p>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Your account has been deleted - Touchstone" }];
