export * from './config';
export * from './service-host';
export { kafkaSasl } from './kafka-sasl';
export { describeService } from './describe-service';
export { issueLocalToken } from './local-token-keys';
