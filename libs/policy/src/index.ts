export * from './policy-pack';
export * from './eligibility';
export * from './load';
