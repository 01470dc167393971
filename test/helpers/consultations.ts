import crypto from "node:crypto";
import type { ProposalAudience, ProposalStatus } from "#app/generated/prisma/enums";
import { db } from "#app/utils/db.server";
import { takePendingEvents } from "#app/utils/outbox.server";
import type { Publisher, RealtimeMessage } from "#app/utils/realtime";
import { registeredPayload } from "#app/utils/realtime-rooms";
import { createUser } from "./factories";

/** A publisher that keeps what it was asked to publish, for asserting payloads. */
export function recordingPublisher(): Publisher & { events: RealtimeMessage[] } {
  const events: RealtimeMessage[] = [];
  let id = 0;
  return {
    events,
    async publish(room: string, name: string, payload: unknown) {
      const message = { id: String(++id), room, name, payload: registeredPayload(room, name, payload) };
      events.push(message);
      return message;
    },
    // The real hand-over from the outbox, so tests see exactly what a transaction recorded.
    async release(pendingIds) {
      const messages = await takePendingEvents(db, pendingIds);
      events.push(...messages);
      return messages;
    },
  };
}

export async function createProposal(
  options: {
    status?: ProposalStatus;
    audience?: ProposalAudience;
    premoderation?: boolean;
    reportThreshold?: number;
    opensAt?: Date;
    closesAt?: Date;
  } = {},
) {
  const { user: commissioner } = await createUser({ roles: ["COMMISSIONER"] });
  const slug = `proposal-${crypto.randomUUID().slice(0, 8)}`;
  const proposal = await db.proposal.create({
    data: {
      slug,
      title: `Proposal ${slug}`,
      summary: "A proposal for testing.",
      status: options.status ?? "OPEN",
      audience: options.audience ?? "PUBLIC",
      premoderation: options.premoderation ?? false,
      reportThreshold: options.reportThreshold ?? 3,
      discussionOpensAt: options.opensAt ?? new Date(Date.now() - 86_400_000),
      discussionClosesAt: options.closesAt ?? new Date(Date.now() + 7 * 86_400_000),
      publishedAt: new Date(),
      createdById: commissioner.id,
      versions: {
        create: {
          number: 1,
          sections: {
            create: [
              { position: 1, number: "1", heading: "Introduction", body: "First paragraph of the introduction.\n\nSecond paragraph." },
              {
                position: 2,
                number: "3",
                heading: "The Board",
                body: "The Board meets monthly.\n\n- three Forum seats\n- one carer seat\n\nIt reports to the council.",
              },
            ],
          },
        },
      },
    },
    include: { versions: { include: { sections: { orderBy: { position: "asc" } } } } },
  });
  return { proposal, sections: proposal.versions[0].sections, commissioner };
}
