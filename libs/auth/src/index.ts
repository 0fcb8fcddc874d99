export * from './staff-principal';
export * from './field-access';
export * from './unverified-claims';
export * from './adapter-token';
export * from './token-keys';
