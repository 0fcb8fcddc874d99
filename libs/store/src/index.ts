export * from './connection';
export * from './outbox';
export * from './inbox';
export * from './field-cipher';
export * from './audit-trail';
export * from './document-lock';
export * from './queries';
export * from './file-bucket';
