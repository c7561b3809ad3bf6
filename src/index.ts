import ImpactRunner from './runner/ImpactRunner';

export default ImpactRunner;
export { ImpactError, ConfigError, StoreError, UnsupportedJestError } from './errors';
export type { ImpactOptions, Mode, Granularity } from './config/optionTable';
