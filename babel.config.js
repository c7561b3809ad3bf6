// Transforms this package's own TypeScript tests (the package itself is built with tsc).
module.exports = {
  presets: [['@babel/preset-env', { targets: { node: 'current' } }], '@babel/preset-typescript'],
};
