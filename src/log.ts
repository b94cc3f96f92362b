import pino from 'pino';

/** The one logger type handed around; components take a `child({ component })`. */
export type Logger = pino.Logger;

/** Structured JSON lines on stdout. Never log a secret or a message body at info. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'helpdesk' } });
}
