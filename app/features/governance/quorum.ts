// Quorum of a meeting, from the body's rule set and the voting members present. Pure, so the
// rule can be tested on its own and shown on the meeting page with its reasons.

export type QuorumRules = { numerator: number; denominator: number; partners: readonly string[]; forumRep: boolean };
export type PresentMember = { organisation: string | null; electedByForum: boolean };
export type Quorum = { met: boolean; required: number; present: number; votingPlaces: number; shortfalls: string[] };

/** A member counts for each partner whose name their seat's organisation contains. */
const countsFor = (member: PresentMember, partner: string) => (member.organisation ?? "").toLowerCase().includes(partner.toLowerCase());

export function checkQuorum(rules: QuorumRules, votingPlaces: number, present: readonly PresentMember[], bodyHasForumSeats: boolean): Quorum {
  const required = Math.max(1, Math.ceil((votingPlaces * rules.numerator) / rules.denominator));
  const shortfalls: string[] = [];
  if (present.length < required) shortfalls.push(`${required} voting members are needed and ${present.length} ${present.length === 1 ? "is" : "are"} present`);
  for (const partner of rules.partners) {
    if (!present.some((m) => countsFor(m, partner))) shortfalls.push(`No voting member from ${partner} is present`);
  }
  if (rules.forumRep && bodyHasForumSeats && !present.some((m) => m.electedByForum)) shortfalls.push("No elected Forum representative is present");
  return { met: shortfalls.length === 0, required, present: present.length, votingPlaces, shortfalls };
}
