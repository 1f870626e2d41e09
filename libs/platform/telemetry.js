// Subpath entry `@cadre/platform/telemetry`: loaded before anything else so instrumentations can patch modules.
module.exports = require('./dist/telemetry.js');
