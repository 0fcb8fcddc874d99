import { trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths never written to logs in clear: ID numbers, phones, tokens. */
const REDACT = [
  'idNumber',
  '*.idNumber',
  '*.*.idNumber',
  'phone',
  '*.phone',
  '*.*.phone',
  'req.headers.authorization',
  'authorization',
  '*.authorization',
];

/** JSON logs with the service name and, inside a span, its trace and span ids. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    redact: { paths: REDACT, censor: '[masked]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const span = trace.getActiveSpan();
      if (!span) return {};
      const { traceId, spanId } = span.spanContext();
      return { trace_id: traceId, span_id: spanId };
    },
  });
}
