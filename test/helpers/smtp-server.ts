import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort } from "./free-port";

/** A real SMTP server on loopback that keeps what it receives, or refuses it while `refusing`. */
export async function startSmtpServer() {
  const port = await freePort();
  const state = { received: [] as ParsedMail[], refusing: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        if (state.refusing) return callback(Object.assign(new Error("Mailbox unavailable, try later"), { responseCode: 451 }));
        state.received.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
