module.exports = require('./jest.preset')('int');
