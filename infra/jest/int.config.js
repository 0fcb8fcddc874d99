module.exports = require('./preset')('int');
