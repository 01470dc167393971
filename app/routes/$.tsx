import { GeneralErrorBoundary } from "#app/components/error-boundary";

// Any address no other route claims is a 404 in the site's own look.
export function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return <GeneralErrorBoundary />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
