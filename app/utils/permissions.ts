import type { RoleName } from "#app/generated/prisma/enums";

// Permission strings are `action:entity:access`. The server enforces them in every
// loader, action and socket handler; the UI uses them only to decide what to show.
export const PERMISSIONS = [
  "read:users:any",
  "update:user-roles:any",
  "read:outbox:any",
  "retry:email:any",
  "create:proposal:any",
  "moderate:comment:any",
  "analyse:feedback:any",
  "organise:meeting:any",
  "verify:forum-membership:any",
  "run:election:any",
  "read:forum-room:member",
  "vote:election:member",
  "manage:body:any",
  "export:personal-data:any",
  "erase:personal-data:any",
  "manage:retention:any",
  "assign:secretary:any",
  "follow:election:member",
  "receive:safeguarding-alert:public",
  "receive:safeguarding-alert:forum",
  "receive:paper-reminder:any",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<RoleName, readonly Permission[]> = {
  FORUM_MEMBER: ["read:forum-room:member", "vote:election:member", "follow:election:member"],
  FORUM_OFFICER: [
    "read:forum-room:member",
    "verify:forum-membership:any",
    "run:election:any",
    "organise:meeting:any",
    "follow:election:member",
    "receive:safeguarding-alert:forum",
  ],
  COMMISSIONER: ["create:proposal:any", "moderate:comment:any", "analyse:feedback:any", "organise:meeting:any", "receive:safeguarding-alert:public"],
  BOARD_SECRETARY: ["manage:body:any", "receive:paper-reminder:any"],
  ADMIN: [
    "read:users:any",
    "update:user-roles:any",
    "read:outbox:any",
    "retry:email:any",
    "manage:body:any",
    "export:personal-data:any",
    "erase:personal-data:any",
    "manage:retention:any",
    "assign:secretary:any",
  ],
};

export function hasPermission(user: { roles: readonly RoleName[] } | null, permission: Permission): boolean {
  return !!user && user.roles.some((role) => ROLE_PERMISSIONS[role].includes(permission));
}

/** The roles that hold a permission: who gets an alert or a reminder comes from here, never from role names. */
export function rolesWith(permission: Permission): RoleName[] {
  return (Object.keys(ROLE_PERMISSIONS) as RoleName[]).filter((role) => ROLE_PERMISSIONS[role].includes(permission));
}
