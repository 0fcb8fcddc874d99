import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** One Prometheus registry per process with default Node metrics and carelink's own counters. */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly eventsPublished: Counter<'topic' | 'type'>;
  readonly eventsConsumed: Counter<'topic' | 'type' | 'group' | 'outcome'>;
  readonly deadLetters: Counter<'topic' | 'group' | 'reason'>;
  readonly httpRequests: Histogram<'method' | 'route' | 'status'>;
  readonly outboxLag: Histogram<'collection'>;
  readonly httpRefused: Counter<'reason'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.eventsPublished = new Counter({
      name: 'carelink_events_published_total',
      help: 'Events published to Kafka',
      labelNames: ['topic', 'type'],
      registers,
    });
    this.eventsConsumed = new Counter({
      name: 'carelink_events_consumed_total',
      help: 'Events consumed, by outcome (handled, duplicate, dead_lettered)',
      labelNames: ['topic', 'type', 'group', 'outcome'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'carelink_dead_letters_total',
      help: 'Messages sent to the dead-letter topic',
      labelNames: ['topic', 'group', 'reason'],
      registers,
    });
    this.httpRequests = new Histogram({
      name: 'carelink_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.httpRefused = new Counter({
      name: 'carelink_http_refused_total',
      help: 'Requests turned away with 503 by back-pressure (queue_full, waited_too_long)',
      labelNames: ['reason'],
      registers,
    });
    this.outboxLag = new Histogram({
      name: 'carelink_outbox_publish_lag_seconds',
      help: 'Time from an outbox write to its publication',
      labelNames: ['collection'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    });
  }
}
