module.exports = { ...require('../../jest.preset.js'), displayName: 'appraisal', rootDir: __dirname };
