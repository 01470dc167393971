import { z } from "zod";
import { RoleName, StakeholderType } from "#app/generated/prisma/enums";

export const STAKEHOLDER_TYPE_LABELS: Record<StakeholderType, string> = {
  SERVICE_USER: "Service user",
  CARER: "Carer",
  VOLUNTARY_ORGANISATION: "Voluntary or community organisation",
  STATUTORY_PARTNER: "Statutory partner (NHS or council)",
  STAFF: "Staff",
  ELECTED_MEMBER: "Elected member",
  PUBLIC: "Member of the public",
};

export const ROLE_LABELS: Record<RoleName, string> = {
  FORUM_MEMBER: "Forum member",
  FORUM_OFFICER: "Forum officer",
  COMMISSIONER: "Commissioner",
  BOARD_SECRETARY: "Board secretary",
  ADMIN: "Administrator",
};

export const PASSWORD_MIN_LENGTH = 10;

const email = z
  .string({ error: "Enter your email address" })
  .trim()
  .min(1, "Enter your email address")
  .max(254, "Email address must be 254 characters or fewer")
  .pipe(z.email("Enter an email address in the correct format, like name@example.com"))
  .transform((value) => value.toLowerCase());

/** `npm run admin:create -- <email>`: the one thing the operator gives. */
export const CreateAdministratorSchema = z.object({
  email,
  displayName: z.string().trim().min(1, "Enter a name").max(100, "Name must be 100 characters or fewer").default("Administrator"),
});

const newPassword = z
  .string({ error: "Enter a password" })
  .min(1, "Enter a password")
  .min(PASSWORD_MIN_LENGTH, `Password must be ${PASSWORD_MIN_LENGTH} characters or more`)
  .max(200, "Password must be 200 characters or fewer");

export const SignUpSchema = z
  .object({
    email,
    password: newPassword,
    confirmPassword: z.string({ error: "Enter your password again" }).min(1, "Enter your password again"),
    displayName: z
      .string({ error: "Enter the name other people will see" })
      .trim()
      .min(1, "Enter the name other people will see")
      .max(60, "Name must be 60 characters or fewer"),
    stakeholderType: z.enum(StakeholderType, { error: "Select how you take part" }),
    organisation: z
      .string()
      .trim()
      .max(120, "Organisation must be 120 characters or fewer")
      .optional()
      .transform((value) => (value ? value : undefined)),
  })
  .refine((form) => form.password === form.confirmPassword, {
    path: ["confirmPassword"],
    message: "Passwords do not match",
  });
export type SignUpInput = z.output<typeof SignUpSchema>;

export const SignInSchema = z.object({
  email,
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(200),
  redirectTo: z.string().optional(),
});

export const ForgotPasswordSchema = z.object({ email });

export const ResetPasswordSchema = z
  .object({
    token: z.string().min(1).max(200),
    password: newPassword,
    confirmPassword: z.string({ error: "Enter your password again" }).min(1, "Enter your password again"),
  })
  .refine((form) => form.password === form.confirmPassword, {
    path: ["confirmPassword"],
    message: "Passwords do not match",
  });

export const TokenSchema = z.object({ token: z.string().min(1).max(200) });

export const ChangeRoleSchema = z.object({
  intent: z.enum(["grant", "revoke"]),
  userId: z.string().min(1).max(64),
  role: z.enum(RoleName, { error: "Select a role" }),
});

export const UserSearchSchema = z.object({
  q: z.string().trim().max(100).optional(),
});

/** Only same-site paths may be redirected to after sign-in: the one check lives in utils. */
export { safeRedirect } from "#app/utils/safe-redirect";
