// Every time is shown in UK time, whatever the server's or the browser's zone.
const TIME_ZONE = "Europe/London";

// Only the numbers come from Intl (the time zone rules); the words are ours. Server and
// browser ship different locale data, and a page whose dates render differently in the two
// fails to hydrate: React then rebuilds it and loses whatever the reader had typed.
const partsFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  hourCycle: "h23",
});
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

type LondonParts = { year: number; month: number; day: number; hour: number; minute: number };

// formatToParts is slow, and a page of comments asks for hundreds of dates, mostly the same
// ones on every visit: remember each minute's answer (UK offsets change on the hour).
const partsByMinute = new Map<number, LondonParts>();
const REMEMBERED_MINUTES = 20_000;

function londonParts(value: Date | string): LondonParts {
  const minute = Math.floor(new Date(value).getTime() / 60_000);
  const known = partsByMinute.get(minute);
  if (known) return known;
  const parts = Object.fromEntries(partsFormat.formatToParts(new Date(minute * 60_000)).map((p) => [p.type, p.value]));
  const result = { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour) % 24, minute: Number(parts.minute) };
  if (partsByMinute.size >= REMEMBERED_MINUTES) partsByMinute.clear();
  partsByMinute.set(minute, result);
  return result;
}

/** "Wednesday 2 December 2026", in UK time. */
export function formatDate(value: Date | string): string {
  const { year, month, day } = londonParts(value);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return `${WEEKDAYS[weekday]} ${day} ${MONTHS[month - 1]} ${year}`;
}

/** "2pm", "3:30pm", "12am": the NHS.UK style for times, in UK time. */
export function formatTime(value: Date | string): string {
  const { hour, minute } = londonParts(value);
  const twelve = hour % 12 === 0 ? 12 : hour % 12;
  return `${twelve}${minute ? `:${String(minute).padStart(2, "0")}` : ""}${hour < 12 ? "am" : "pm"}`;
}

export function formatDateTime(value: Date | string): string {
  return `${formatDate(value)}, ${formatTime(value)}`;
}

const offsetFormat = new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, timeZoneName: "shortOffset" });

function londonOffsetMinutes(instant: Date): number {
  const name = offsetFormat.formatToParts(instant).find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === "-" ? -minutes : minutes;
}

/** The instant at which UK clocks show this calendar date and time. */
export function londonTime(date: string, time = "00:00"): Date {
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  const asUtc = Date.UTC(y, m - 1, d, hh, mm);
  const first = asUtc - londonOffsetMinutes(new Date(asUtc)) * 60_000;
  // Near a clock change the offset at the first guess can differ; one correction settles it.
  return new Date(asUtc - londonOffsetMinutes(new Date(first)) * 60_000);
}

/** Today's calendar date in the UK, as YYYY-MM-DD. */
export function londonToday(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** Adds whole days to a YYYY-MM-DD calendar date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
