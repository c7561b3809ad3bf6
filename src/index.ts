import ImpactRunner from './runner/ImpactRunner';

export default ImpactRunner;
export { ImpactError, ConfigError, StoreError, UnsupportedJestError } from './errors';
export type { ImpactOptions, Mode, Granularity } from './config/optionTable';

// Jest 26 and older construct the runner module itself (Jest 27 and later read `default`): the module is
// the runner class, with the named exports on it, so that those versions reach the version check.
module.exports = Object.assign(ImpactRunner, module.exports);
