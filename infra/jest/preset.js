// Shared jest settings for every workspace: TypeScript through SWC, sources of sibling workspaces
// resolved through the "source" export condition (no build needed to test).
/** @param {'unit'|'int'|'e2e'} kind */
module.exports = (kind) => ({
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['source', 'node', 'require', 'default'] },
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  testMatch: [`**/*.${kind}.test.ts`],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  reporters: ['default', require('node:path').join(__dirname, 'summary-reporter.js')],
  testTimeout: kind === 'unit' ? 10_000 : 120_000,
});
