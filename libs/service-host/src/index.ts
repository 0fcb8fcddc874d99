export * from './config';
export * from './service-host';
export { kafkaSasl } from './kafka-sasl';
export { issueLocalToken } from './local-token-keys';
