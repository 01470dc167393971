import type { SupportContact } from "#app/features/safeguarding/safeguarding";

/** Shown only to the author whose words suggest crisis: where to find help now. */
export function CrisisSupport({ contacts, what }: { contacts: SupportContact[]; what: "comment" | "message" | "question" }) {
  return (
    <div className="nhsuk-card nhsuk-card--care nhsuk-card--care--urgent" role="region" aria-labelledby="support-heading">
      <div className="nhsuk-card--care__heading-container">
        <h3 className="nhsuk-card--care__heading" id="support-heading">
          <span role="text">
            <span className="nhsuk-u-visually-hidden">Urgent advice: </span>If you are struggling, help is available now
          </span>
        </h3>
        <span className="nhsuk-card--care__arrow" aria-hidden="true"></span>
      </div>
      <div className="nhsuk-card__content">
        <p>Only you can see this message. Your {what} has been posted as usual, and a moderator will see it.</p>
        <ul>
          {contacts.map((contact) => (
            <li key={contact.name}>
              <strong>{contact.name}:</strong> {contact.detail}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
