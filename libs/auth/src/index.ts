export * from './staff-principal';
