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
  // A suite against real servers that fails midway (its beforeAll refused) can leave a Kafka consumer or a socket
  // open behind it: the run must still end, with that failure reported, instead of waiting forever (CI hung so).
  forceExit: kind !== 'unit',
});
