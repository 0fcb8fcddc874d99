export * from './config';
export * from './service-host';
export { kafkaSasl } from './kafka-sasl';
