module.exports = { ...require('./preset')('e2e'), rootDir: '../e2e', testTimeout: 240_000 };
