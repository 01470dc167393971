import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { newSecretToken, secretTokenHash } from "#app/utils/secret-tokens.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { createProposal } from "../../../test/helpers/consultations";
import { getPage, postForm, signedInUser, uniqueEmail } from "../../../test/helpers/factories";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** An invitation as the commissioners' form makes it, with the link its email carries. */
async function invite(proposal: { id: string; createdById: string }, email = uniqueEmail("invitee")) {
  const token = newSecretToken();
  const row = await db.proposalInvitation.create({
    data: { proposalId: proposal.id, email, tokenHash: secretTokenHash(token), invitedById: proposal.createdById },
  });
  return { id: row.id, email, link: `${server.url}/invitations/${token}` };
}

const newAccount = (name: string) => ({ intent: "create-account", displayName: name, password: "orchard-lantern-tide", stakeholderType: "CARER" });
const acceptSignedIn = (link: string, cookie: string) => postForm(link, { intent: "accept" }, cookie);
const cookieOf = (response: Response) => response.headers.get("set-cookie")!.split(";")[0];
const canRead = async (slug: string, cookie: string) => (await getPage(`${server.url}/proposals/${slug}`, cookie)).status === 200;

const USED = "This invitation has already been used";

describe("an invitation link", () => {
  it("works once: after someone accepted it signed in, creating an account with it is refused and the first person keeps access", async () => {
    const { proposal } = await createProposal({ audience: "INVITED" });
    const invitation = await invite(proposal);
    const first = await signedInUser();
    const accepted = await acceptSignedIn(invitation.link, first.cookie);
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toBe(`/proposals/${proposal.slug}`);

    const second = await postForm(invitation.link, newAccount("Second Sam"));
    expect(second.status).toBe(409);
    const page = await second.text();
    expect(page).toContain(USED);
    expect(page).toContain("sign in");
    expect(second.headers.get("set-cookie")).toBeNull();

    // No account was made for the invited address, and the invitation still opens the proposal to the first person.
    expect(await db.user.count({ where: { email: invitation.email } })).toBe(0);
    expect(await db.proposalInvitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({ userId: first.user.id });
    expect(await canRead(proposal.slug, first.cookie)).toBe(true);
  });

  it("is refused to a second signed-in account, which still cannot read the proposal; the person who accepted may press again", async () => {
    const { proposal } = await createProposal({ audience: "INVITED" });
    const invitation = await invite(proposal);
    const first = await signedInUser();
    const second = await signedInUser();
    expect((await acceptSignedIn(invitation.link, first.cookie)).status).toBe(302);

    const refused = await acceptSignedIn(invitation.link, second.cookie);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain(USED);
    expect(await canRead(proposal.slug, second.cookie)).toBe(false);
    expect(await db.proposalInvitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({ userId: first.user.id });

    // A second press (or the link opened again) by the person who accepted just takes them there.
    const again = await acceptSignedIn(invitation.link, first.cookie);
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe(`/proposals/${proposal.slug}`);
  });

  it("says it has been used when opened again signed out, instead of offering to create an account", async () => {
    const { proposal } = await createProposal({ audience: "INVITED" });
    const invitation = await invite(proposal);
    expect((await postForm(invitation.link, newAccount("Once Only"))).status).toBe(302);
    const page = await getPage(invitation.link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(USED);
    expect(html).toContain(`/auth/sign-in?redirectTo=${encodeURIComponent(`/proposals/${proposal.slug}`)}`);
    expect(html).not.toContain("Create account and accept");
    expect(html).not.toContain(invitation.email);
  });

  it("used by several people at the same moment, goes to exactly one of them; the others are told it was used, and nothing else is written", async () => {
    const { proposal } = await createProposal({ audience: "INVITED" });
    const invitation = await invite(proposal);
    const signedIn = [await signedInUser(), await signedInUser()];
    const usersBefore = await db.user.count();
    const attempts = await Promise.all([
      ...["Ann", "Bea", "Cal"].map((name) => postForm(invitation.link, newAccount(name))),
      ...signedIn.map((person) => acceptSignedIn(invitation.link, person.cookie)),
    ]);
    const statuses = attempts.map((r) => r.status);
    expect(statuses.filter((s) => s === 302)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(4);
    for (const refused of attempts.filter((r) => r.status === 409)) expect(await refused.text()).toContain(USED);

    const winner = attempts.findIndex((r) => r.status === 302);
    const holder = (await db.proposalInvitation.findUniqueOrThrow({ where: { id: invitation.id } })).userId;
    if (winner < 3) {
      // A new account won: it is the only one made, and its session reads the proposal.
      expect(await db.user.count()).toBe(usersBefore + 1);
      const made = await db.user.findUniqueOrThrow({ where: { email: invitation.email } });
      expect(holder).toBe(made.id);
      expect(await canRead(proposal.slug, cookieOf(attempts[winner]))).toBe(true);
    } else {
      expect(await db.user.count()).toBe(usersBefore);
      expect(holder).toBe(signedIn[winner - 3].user.id);
    }
    const losers = signedIn.filter((person) => person.user.id !== holder);
    for (const person of losers) expect(await canRead(proposal.slug, person.cookie)).toBe(false);
  });

  it("made into accounts at the same moment from two invitations to one address: one account, the other told to sign in", async () => {
    const email = uniqueEmail("twice-invited");
    const proposals = [(await createProposal({ audience: "INVITED" })).proposal, (await createProposal({ audience: "INVITED" })).proposal];
    const invitations = [await invite(proposals[0], email), await invite(proposals[1], email)];
    const attempts = await Promise.all(invitations.map((invitation, i) => postForm(invitation.link, newAccount(`Twice ${i}`))));
    const statuses = attempts.map((r) => r.status).sort();
    expect(statuses).toEqual([302, 409]);
    const refused = attempts.find((r) => r.status === 409)!;
    expect(await refused.text()).toContain("There is already an account for this email address: sign in, then open the link again");
    expect(await db.user.count({ where: { email } })).toBe(1);

    // The refused invitation is still unused, so the person can sign in and accept it.
    const lost = invitations[attempts.indexOf(refused)];
    expect(await db.proposalInvitation.findUniqueOrThrow({ where: { id: lost.id } })).toMatchObject({ acceptedAt: null, userId: null });
    const account = cookieOf(attempts.find((r) => r.status === 302)!);
    expect((await acceptSignedIn(lost.link, account)).status).toBe(302);
    for (const proposal of proposals) expect(await canRead(proposal.slug, account)).toBe(true);
  });
});
