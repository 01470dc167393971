import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { questionsRoom } from "#app/features/meetings/meetings.events";
import { questionQueue } from "#app/features/meetings/questions.server";
import { useRoomEvents } from "#app/utils/realtime-context";

// For a screen at the front of the room: open questions, most votes first, readable from the back.
export async function loader({ params }: LoaderFunctionArgs) {
  const queue = await questionQueue(null, params.slug ?? "");
  if (!queue) throw new Response("Not found", { status: 404 });
  return json({ meeting: queue.meeting, questions: queue.questions.filter((q) => q.status === "OPEN").slice(0, 8) });
}

export default function Projector() {
  const { meeting, questions } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  useRoomEvents(questionsRoom(meeting.id), (event) => {
    if (event.name === "questions:changed") revalidator.revalidate();
  });
  return (
    <div className="app-projector">
      <h1 className="app-projector__title">Questions: {meeting.title}</h1>
      {questions.length === 0 ? <p className="app-projector__empty">No questions yet. Ask on your phone: /meetings/{meeting.slug}/questions</p> : null}
      <ol className="app-projector__list" data-testid="projector-queue">
        {questions.map((q) => (
          <li key={q.id}>
            <span className="app-projector__votes">{q.votes}</span> {q.text}
            <span className="app-projector__by">{q.askedBy ?? "Anonymous"}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Questions (projector) - Touchstone" }];
