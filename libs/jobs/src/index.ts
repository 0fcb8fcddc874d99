export * from './job-board';
