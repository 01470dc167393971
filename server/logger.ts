import { pino } from "pino";

export function createLogger(level: string) {
  return pino({ level, base: { service: "touchstone" }, timestamp: pino.stdTimeFunctions.isoTime });
}
