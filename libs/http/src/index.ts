export * from './app-error';
export * from './service-app';
export * from './uploads';
export * from './downloads';
export * from './admission';
export * from './idempotency';
export * from './access-audit';
export * from './outbound';
