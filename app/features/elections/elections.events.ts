export const electionRoom = (electionId: string) => `election:${electionId}`;

export const ELECTION_EVENTS = {
  turnout: "election:turnout",
  declared: "election:declared",
} as const;
