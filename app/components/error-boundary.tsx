import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

/** The heading of the error page for an error, which is also the page's title. */
export function errorHeading(error: unknown): string {
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) return "Page not found";
    if (error.status === 403) return "You do not have permission to see this page";
    if (error.status === 429) return "Too many requests";
  }
  return "Sorry, there is a problem with the service";
}

/** The title of the error page (root's meta gets the error the boundary shows). */
export function errorPageTitle(error: unknown): string {
  return `${errorHeading(error)} - Touchstone`;
}

/** The one error page: 404, 403 and anything unexpected, in the site's look. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const heading = <h1>{errorHeading(error)}</h1>;
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      return (
        <>
          {heading}
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
          {heading}
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
          {heading}
          <p>{typeof error.data === "string" ? error.data : "Wait a few minutes, then try again."}</p>
        </>
      );
    }
  }
  return (
    <>
      {heading}
      <p>Try again later. Anything you entered may not have been saved.</p>
      <p>
        <Link to="/">Go to the Touchstone home page</Link>
      </p>
    </>
  );
}
