export * from './job-board';
export * from './rate-limits';
