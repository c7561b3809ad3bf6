import { CASES, describeSelectionTable } from '../helpers/selectionTable';

/**
 * The selection table on Jest 28 and 27, at both granularities: the first case of each rule (and of each rule
 * 5 variant by columns), so that every rule runs on those versions while the suite stays within its time. The
 * whole table runs on Jest 30 (selection.test.ts); the code paths it exercises do not depend on the version.
 */
const seen = new Set<string>();
const FIRST_OF_EACH_RULE = CASES.filter((edit) => {
  const rule = /^rule \d+( by columns)?/.exec(edit.name)?.[0] ?? edit.name;
  if (seen.has(rule)) return false;
  seen.add(rule);
  return true;
});

describeSelectionTable('jest28', FIRST_OF_EACH_RULE);
describeSelectionTable('jest27', FIRST_OF_EACH_RULE);
