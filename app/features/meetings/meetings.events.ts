export const meetingRoom = (meetingId: string) => `meeting:${meetingId}`;
export const MEETING_EVENTS = { attendance: "meeting:attendance" } as const;
