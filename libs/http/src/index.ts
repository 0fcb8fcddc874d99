export * from './app-error';
export * from './service-app';
export * from './uploads';
export * from './downloads';
export * from './admission';
export * from './idempotency';
