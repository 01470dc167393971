import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { createProposal } from "../../../test/helpers/consultations";
import { getPage, postForm, signedInUser } from "../../../test/helpers/factories";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** The page's text as a person reads it (React's text separators removed). */
const text = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "");

async function postComment(slug: string, cookie: string, body: string, extra: Record<string, string> = {}) {
  const response = await postForm(`${server.url}/proposals/${slug}`, { intent: "comment", body, ...extra }, cookie);
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location")!, server.url).searchParams.get("posted")!;
}

describe("the proposal page", () => {
  it("ignores filters and cursors it does not recognise instead of failing", async () => {
    const { proposal } = await createProposal();
    const author = await signedInUser();
    const first = await postComment(proposal.slug, author.cookie, "First thought");
    const response = await getPage(`${server.url}/proposals/${proposal.slug}?type=ALIEN&stance=NOPE&sort=weird&cursor=${"x".repeat(500)}`);
    expect(response.status).toBe(200);
    expect(await text(response)).toContain("First thought");

    // A reply cursor from another thread does not leak that thread's replies.
    const other = await postComment(proposal.slug, author.cookie, "Another thread");
    const foreign = await postComment(proposal.slug, author.cookie, "Reply elsewhere", { parentId: other });
    await postComment(proposal.slug, author.cookie, "Reply here", { parentId: first });
    const thread = await text(await getPage(`${server.url}/proposals/${proposal.slug}/comments/${first}?cursor=${foreign}`));
    expect(thread).toContain("Reply here");
    expect(thread).not.toContain("Reply elsewhere");
  });

  it("opens the reply, edit and report panels from links, for browsers without JavaScript", async () => {
    const { proposal } = await createProposal();
    const author = await signedInUser();
    const reader = await signedInUser();
    const id = await postComment(proposal.slug, author.cookie, "Words I may want to change");
    const reply = await text(await getPage(`${server.url}/proposals/${proposal.slug}?reply=${id}`, reader.cookie));
    expect(reply).toContain(`id="reply-${id}-body"`);
    const report = await text(await getPage(`${server.url}/proposals/${proposal.slug}?report=${id}`, reader.cookie));
    expect(report).toContain("Why are you reporting this comment?");
    // Editing starts from what the author wrote.
    const edit = await text(await getPage(`${server.url}/proposals/${proposal.slug}?edit=${id}`, author.cookie));
    expect(edit).toMatch(new RegExp(`<textarea[^>]*id="edit-${id}-body"[^>]*>Words I may want to change</textarea>`));
    // Nobody else gets an edit box, or the source, for someone else's comment.
    const notMine = await text(await getPage(`${server.url}/proposals/${proposal.slug}?edit=${id}`, reader.cookie));
    expect(notMine).not.toContain(`id="edit-${id}-body"`);
  });

  it("names each comment's controls for screen readers by what they do to which comment", async () => {
    const { proposal } = await createProposal();
    const author = await signedInUser({ displayName: "Sam Author" });
    const reader = await signedInUser();
    const moderator = await signedInUser({ roles: ["COMMISSIONER"] });
    const id = await postComment(proposal.slug, author.cookie, "Something to talk about");
    /** The accessible names of the comment's links, as a screen reader lists them. */
    const controls = async (cookie: string, query = "") => {
      const html = await text(await getPage(`${server.url}/proposals/${proposal.slug}${query}`, cookie));
      const article = html.slice(html.indexOf(`id="comment-${id}-by"`), html.indexOf("</article>", html.indexOf(`id="comment-${id}-by"`)));
      return [...article.matchAll(/<a [^>]*href="[^"]*\?(?:reply|report|edit|moderate)=[^"]*"[^>]*>(.*?)<\/a>/g)].map((m) =>
        m[1].replace(/<[^>]+>/g, "").replaceAll("&#x27;", "'"),
      );
    };
    // The shared page, a page rendered for one reader (a panel opened by link), and the author's own controls.
    expect(await controls(reader.cookie)).toEqual(["Reply to Sam Author's comment", "Report Sam Author's comment"]);
    expect(await controls(reader.cookie, `?reply=${id}`)).toEqual(["Reply to Sam Author's comment", "Report Sam Author's comment"]);
    expect(await controls(author.cookie)).toEqual(["Reply to Sam Author's comment", "Edit your comment"]);
    expect(await controls(moderator.cookie)).toEqual(["Reply to Sam Author's comment", "Report Sam Author's comment", "Moderate Sam Author's comment"]);
  });

  it("shows a moderator's mistake beside the moderation form, and changes nothing", async () => {
    const { proposal } = await createProposal();
    const author = await signedInUser();
    const moderator = await signedInUser({ roles: ["COMMISSIONER"] });
    const id = await postComment(proposal.slug, author.cookie, "Borderline");
    const response = await postForm(`${server.url}/proposals/${proposal.slug}`, { intent: "hide", commentId: id, reason: "" }, moderator.cookie);
    expect(response.status).toBe(400);
    expect(await text(response)).toMatch(new RegExp(`id="moderate-${id}-reason-error"><span class="nhsuk-u-visually-hidden">Error:</span> Give a reason`));
    expect((await db.comment.findUniqueOrThrow({ where: { id } })).moderation).toBe("VISIBLE");
  });
});

describe("the one-comment view that live updates fetch", () => {
  it("answers with the comment as this reader may see it, and nothing for those who may not", async () => {
    const { proposal } = await createProposal({ audience: "INVITED" });
    const guest = await signedInUser();
    await db.proposalInvitation.create({
      data: {
        proposalId: proposal.id,
        email: guest.email,
        tokenHash: `view-${proposal.id}`,
        invitedById: proposal.createdById,
        userId: guest.user.id,
        acceptedAt: new Date(),
      },
    });
    const id = await postComment(proposal.slug, guest.cookie, "Invited view");
    const mine = await getPage(`${server.url}/proposals/${proposal.slug}/comments/${id}/view`, guest.cookie);
    expect(mine.status).toBe(200);
    expect(((await mine.json()) as { comment: { html: string } }).comment.html).toBe("<p>Invited view</p>\n");
    expect((await getPage(`${server.url}/proposals/${proposal.slug}/comments/${id}/view`)).status).toBe(404);
    const outsider = await signedInUser();
    expect((await getPage(`${server.url}/proposals/${proposal.slug}/comments/${id}/view`, outsider.cookie)).status).toBe(404);
  });
});
