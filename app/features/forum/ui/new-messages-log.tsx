import { useCallback, useEffect, useRef, useState } from "react";
import type { MessageView } from "#app/features/forum/rooms.server";

/** A burst (the messages missed while the connection was down) is read as its last few. */
const KEPT = 5;
/**
 * Once the room has been quiet this long the log is emptied (removals are not read out), so a
 * reader going through the page line by line does not meet copies of what the list shows.
 */
const QUIET_MS = 10_000;

type Listed = MessageView & { replies: MessageView[] };
type Said = { id: string; text: string };

/** What is read out for a new message: who wrote it and what it says, not what can be done with it. */
export function newMessageText(message: Pick<MessageView, "authorName" | "body">, repliedTo: string | null): string {
  return repliedTo ? `${message.authorName}, replying to ${repliedTo}: ${message.body}` : `${message.authorName}: ${message.body}`;
}

function remember(known: Map<string, string>, messages: Listed[]) {
  for (const thread of messages) {
    known.set(thread.id, thread.authorName);
    for (const reply of thread.replies) known.set(reply.id, reply.authorName);
  }
}

/**
 * The room's new messages, told to screen readers apart from the list: a message added to a
 * live list is read out with every button in it. `listed` is what the page has drawn from its
 * data (not read out); `arrived` takes each live event's message and reads out the ones new to
 * the page (not an edit, a reaction or a deletion of one it has).
 */
export function useNewMessagesLog(listed: Listed[]) {
  // Message ids the page has shown, with their authors (a reply says whom it answers).
  const known = useRef<Map<string, string> | null>(null);
  if (known.current === null) {
    known.current = new Map();
    remember(known.current, listed);
  }
  useEffect(() => {
    if (known.current) remember(known.current, listed);
  }, [listed]);
  const [said, setSaid] = useState<Said[]>([]);
  useEffect(() => {
    if (said.length === 0) return;
    const timer = setTimeout(() => setSaid([]), QUIET_MS);
    return () => clearTimeout(timer);
  }, [said]);
  const arrived = useCallback((message: MessageView) => {
    const seen = known.current!;
    if (seen.has(message.id)) return;
    seen.set(message.id, message.authorName);
    if (message.state !== "visible") return;
    const repliedTo = message.parentId ? seen.get(message.parentId) : null;
    // A reply to a message on another page of history is not shown in this one.
    if (repliedTo === undefined) return;
    setSaid((current) => [...current, { id: message.id, text: newMessageText(message, repliedTo) }].slice(-KEPT));
  }, []);
  return { said, arrived };
}

/** On the page from the start, and empty: a live region that appears with its text is often not read. */
export function NewMessagesLog({ said }: { said: Said[] }) {
  return (
    <div className="nhsuk-u-visually-hidden" role="log" aria-label="New messages" aria-relevant="additions" data-testid="new-messages">
      {said.map((entry) => (
        <p key={entry.id}>{entry.text}</p>
      ))}
    </div>
  );
}
