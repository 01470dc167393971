// Sent to a person's own room when they get a notification.
export const NOTIFICATION_EVENT = "notification:new";
