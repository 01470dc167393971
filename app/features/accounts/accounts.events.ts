// Realtime events about accounts. A person's own room carries what changes for them.
export const userRoom = (userId: string) => `user:${userId}`;

export const ACCOUNT_EVENTS = {
  rolesChanged: "account:roles-changed",
  // The account was deleted: every socket it has open is disconnected.
  accountClosed: "account:closed",
} as const;
