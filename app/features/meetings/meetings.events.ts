export const meetingRoom = (meetingId: string) => `meeting:${meetingId}`;
export const MEETING_EVENTS = { attendance: "meeting:attendance" } as const;

export const questionsRoom = (meetingId: string) => `questions:${meetingId}`;
export const QUESTION_EVENTS = { changed: "questions:changed" } as const;
