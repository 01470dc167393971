import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import { db } from "./db.server";
import { getEnv } from "./env.server";
import { singleton } from "./singleton.server";

export type Email = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: Mail.Attachment[];
};

type Mailer = { send(email: Email): Promise<void> };

// With SMTP_URL, real SMTP. Without it, nodemailer still composes the full message (with
// attachments), and we keep it in the outbox table that /outbox shows.
function createMailer(): Mailer {
  const env = getEnv();
  if (env.SMTP_URL) {
    const transport = nodemailer.createTransport(env.SMTP_URL);
    return {
      async send(email) {
        await transport.sendMail({ from: env.EMAIL_FROM, ...email });
      },
    };
  }
  const transport = nodemailer.createTransport({ jsonTransport: true });
  return {
    async send(email) {
      const info = await transport.sendMail({ from: env.EMAIL_FROM, ...email });
      await db.outboxEmail.create({
        data: {
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html ?? null,
          message: JSON.parse(String(info.message)),
        },
      });
    },
  };
}

const mailer = singleton("mailer", createMailer);

export function sendEmail(email: Email): Promise<void> {
  return mailer.send(email);
}

export function usesOutbox(): boolean {
  return !getEnv().SMTP_URL;
}

/** An absolute link into the app for emails. */
export function appUrl(pathname: string): string {
  return new URL(pathname, getEnv().APP_URL).toString();
}
