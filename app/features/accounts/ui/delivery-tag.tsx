import type { DeliveryStatus } from "#app/utils/email.server";

const LABELS: Record<DeliveryStatus, { text: string; colour: string }> = {
  kept: { text: "Kept here", colour: "nhsuk-tag--grey" },
  queued: { text: "Sending", colour: "nhsuk-tag--blue" },
  sent: { text: "Sent", colour: "nhsuk-tag--green" },
  retrying: { text: "Waiting to retry", colour: "nhsuk-tag--yellow" },
  failed: { text: "Not delivered", colour: "nhsuk-tag--red" },
};

/** An email's delivery status in words (the colour only repeats them). */
export function DeliveryTag({ status }: { status: DeliveryStatus }) {
  return <strong className={`nhsuk-tag ${LABELS[status].colour}`}>{LABELS[status].text}</strong>;
}
