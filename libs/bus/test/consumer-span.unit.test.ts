import { currentTraceparent, inSpan, SpanKind, startTracing, stopTracing } from '@carelink/telemetry';
import { trace } from '@opentelemetry/api';
import { consumerSpan } from '../src/consumer-span';
import { complaint, decodedDelivery } from './deliveries';

describe('the consumer-span step', () => {
  beforeAll(() => startTracing('bus-step-test'));
  afterAll(() => stopTracing());

  it('runs the rest in a consumer span that continues the publisher’s trace from the traceparent header', async () => {
    const { traceparent, traceId, spanId } = await inSpan('publish', {}, async (span) => ({
      traceparent: currentTraceparent()!,
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
    }));
    const event = complaint(1);
    let inside: { traceId?: string; spanId?: string; name?: string; kind?: SpanKind; attributes?: unknown } = {};
    await consumerSpan(decodedDelivery(event, undefined, { traceparent }), async () => {
      const span = trace.getActiveSpan() as unknown as {
        name: string;
        kind: SpanKind;
        attributes: Record<string, unknown>;
        spanContext(): { traceId: string; spanId: string };
      };
      inside = { ...span.spanContext(), name: span.name, kind: span.kind, attributes: span.attributes };
    });
    expect(inside.traceId).toBe(traceId);
    expect(inside.spanId).not.toBe(spanId);
    expect(inside.name).toBe('carelink.complaints.complaints.v1 process');
    expect(inside.kind).toBe(SpanKind.CONSUMER);
    expect(inside.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'cloudevents.event_id': event.id,
      'cloudevents.event_type': 'complaint.received.v1',
    });
  });

  it('starts a trace of its own when the message carries none, and lets errors through', async () => {
    let traceId: string | undefined;
    const failing = consumerSpan(decodedDelivery(), async () => {
      traceId = trace.getActiveSpan()?.spanContext().traceId;
      throw new Error('handler failed');
    });
    await expect(failing).rejects.toThrow('handler failed');
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});
