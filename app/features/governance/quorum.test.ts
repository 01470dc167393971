import { describe, expect, it } from "vitest";
import { checkQuorum } from "./quorum";

const BOARD = { numerator: 1, denominator: 3, partners: ["City Council", "Primary Care Trust"], forumRep: true };
const council = { organisation: "City Council", electedByForum: false };
const pct = { organisation: "Primary Care Trust", electedByForum: false };
const joint = { organisation: "Primary Care Trust and City Council", electedByForum: false };
const forum = { organisation: "Mental Health Forum", electedByForum: true };

describe("quorum", () => {
  it("needs a third of the voting places, rounded up", () => {
    expect(checkQuorum(BOARD, 14, [council, pct, forum, forum], true)).toMatchObject({ met: false, required: 5, present: 4 });
    expect(checkQuorum(BOARD, 14, [council, pct, forum, forum, council], true)).toMatchObject({ met: true, shortfalls: [] });
    expect(checkQuorum(BOARD, 15, [council, pct, forum, forum, council], true).met).toBe(true);
    expect(checkQuorum(BOARD, 16, [council, pct, forum, forum, council], true).met).toBe(false);
  });

  it("needs a member from each partner organisation; a joint post counts for both", () => {
    const noPct = checkQuorum(BOARD, 6, [council, council, forum], true);
    expect(noPct.met).toBe(false);
    expect(noPct.shortfalls).toEqual(["No voting member from Primary Care Trust is present"]);
    expect(checkQuorum(BOARD, 6, [joint, forum], true).met).toBe(true);
  });

  it("needs an elected Forum representative where the body has Forum seats", () => {
    expect(checkQuorum(BOARD, 6, [council, pct, joint], true).shortfalls).toEqual(["No elected Forum representative is present"]);
    expect(checkQuorum(BOARD, 6, [council, pct], false).met).toBe(true);
  });

  it("follows each body's own rule", () => {
    const half = { numerator: 1, denominator: 2, partners: [], forumRep: false };
    expect(checkQuorum(half, 7, [council, pct, pct], false)).toMatchObject({ met: false, required: 4 });
    expect(checkQuorum(half, 7, [council, pct, pct, pct], false).met).toBe(true);
  });
});
