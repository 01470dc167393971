import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

/** The one error page: 404, 403 and anything unexpected, in the site's look. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      return (
        <>
          <h1>Page not found</h1>
          <p>If you typed the web address, check it is correct.</p>
          <p>If you pasted the web address, check you copied the entire address.</p>
          <p>
            <Link to="/">Go to the Touchstone home page</Link>
          </p>
        </>
      );
    }
    if (error.status === 403) {
      return (
        <>
          <h1>You do not have permission to see this page</h1>
          <p>If you think you should have access, contact an administrator of your organisation.</p>
          <p>
            <Link to="/">Go to the Touchstone home page</Link>
          </p>
        </>
      );
    }
    if (error.status === 429) {
      return (
        <>
          <h1>Too many requests</h1>
          <p>{typeof error.data === "string" ? error.data : "Wait a few minutes, then try again."}</p>
        </>
      );
    }
  }
  return (
    <>
      <h1>Sorry, there is a problem with the service</h1>
      <p>Try again later. Anything you entered may not have been saved.</p>
      <p>
        <Link to="/">Go to the Touchstone home page</Link>
      </p>
    </>
  );
}
