export * from './policy-pack';
export * from './eligibility';
export * from './load';
export * from './time-limits';
export * from './barthel';
export * from './working-calendar';
export * from './provenance';
