import { Link } from "@remix-run/react";

/** The partnership's bodies, each linking to its composition page. */
export function BodyList({ bodies }: { bodies: { id: string; slug: string; name: string; description: string }[] }) {
  return (
    <ul className="nhsuk-list nhsuk-list--border">
      {bodies.map((body) => (
        <li key={body.id}>
          <Link to={`/bodies/${body.slug}`}>{body.name}</Link>
          <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">{body.description}</p>
        </li>
      ))}
    </ul>
  );
}
