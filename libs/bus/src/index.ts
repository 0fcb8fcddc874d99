export * from './event-bus';
export * from './subscription';
export { type Inbox } from './inbox';
export { type RetryPolicy } from './retry';
export { type DeadLetterReason } from './consumer-step';
export { inKeyOrder } from './in-key-order';
export * from './kafka-access';
export { KafkaAccessControl } from './kafka-acls';
export * from './local-credentials';
