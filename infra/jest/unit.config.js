module.exports = require('./preset')('unit');
