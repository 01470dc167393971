import { describe, expect, it } from "vitest";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { createProposal } from "../../../test/helpers/consultations";
import { createUser } from "../../../test/helpers/factories";
import { viewProposal } from "./consultations.policy";
import { listProposals } from "./proposals.server";

async function person(roles: SessionUser["roles"] = []): Promise<SessionUser> {
  const { user } = await createUser({ roles: [...roles] });
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    stakeholderType: user.stakeholderType,
    organisation: null,
    emailVerified: true,
    roles: [...roles],
  };
}

async function invite(proposal: { id: string; createdById: string }, viewer: SessionUser, accepted: boolean) {
  await db.proposalInvitation.create({
    data: {
      proposalId: proposal.id,
      email: `${viewer.id}@example.test`,
      tokenHash: `hash-${proposal.id}-${viewer.id}`,
      invitedById: proposal.createdById,
      userId: viewer.id,
      acceptedAt: accepted ? new Date() : null,
    },
  });
}

describe("who may read a proposal", () => {
  it("is the same rule for one proposal (allows) and for lists (where), for every kind of reader", async () => {
    const [draft, open, invitedOnly, invitedDraft, closedInvited] = await Promise.all([
      createProposal({ status: "DRAFT" }),
      createProposal(),
      createProposal({ audience: "INVITED" }),
      createProposal({ status: "DRAFT", audience: "INVITED" }),
      createProposal({ status: "CLOSED", audience: "INVITED" }),
    ]).then((made) => made.map((m) => m.proposal));
    const [stranger, invitee, notYetAccepted, commissioner] = [await person(), await person(), await person(), await person(["COMMISSIONER"])];
    await invite(invitedOnly, invitee, true);
    await invite(invitedDraft, invitee, true);
    await invite(closedInvited, notYetAccepted, false);
    const proposals = [draft, open, invitedOnly, invitedDraft, closedInvited];
    const ids = proposals.map((p) => p.id);

    const viewers: [string, SessionUser | null][] = [
      ["signed out", null],
      ["stranger", stranger],
      ["invitee", invitee],
      ["invited, not accepted", notYetAccepted],
      ["commissioner", commissioner],
    ];
    const seen: Record<string, string[]> = {};
    for (const [name, viewer] of viewers) {
      const accepted = viewer
        ? new Set(
            (await db.proposalInvitation.findMany({ where: { userId: viewer.id, acceptedAt: { not: null } }, select: { proposalId: true } })).map(
              (i) => i.proposalId,
            ),
          )
        : new Set<string>();
      const allowed = proposals
        .filter((p) => viewProposal.allows(viewer, { ...p, invited: accepted.has(p.id) }))
        .map((p) => p.id)
        .sort();
      const listed = (await db.proposal.findMany({ where: { AND: [viewProposal.where(viewer), { id: { in: ids } }] }, select: { id: true } }))
        .map((p) => p.id)
        .sort();
      expect(listed, name).toEqual(allowed);
      seen[name] = allowed;
    }
    // And the rule is the one the product describes.
    const names = new Map(proposals.map((p, i) => [p.id, ["draft", "open", "invitedOnly", "invitedDraft", "closedInvited"][i]]));
    const named = (list: string[]) => list.map((id) => names.get(id)).sort();
    expect(named(seen["signed out"])).toEqual(["open"]);
    expect(named(seen.stranger)).toEqual(["open"]);
    expect(named(seen.invitee)).toEqual(["invitedOnly", "open"]);
    expect(named(seen["invited, not accepted"])).toEqual(["open"]);
    expect(named(seen.commissioner)).toEqual(["closedInvited", "draft", "invitedDraft", "invitedOnly", "open"]);

    // The public list never shows drafts, even to those who may read them.
    const listedForCommissioner = (await listProposals(commissioner)).map((p) => p.id).filter((id) => ids.includes(id));
    expect(named(listedForCommissioner)).toEqual(["closedInvited", "invitedOnly", "open"]);
  });
});
