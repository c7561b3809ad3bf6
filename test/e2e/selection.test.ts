import { CASES, describeSelectionTable } from '../helpers/selectionTable';

/** The whole selection table (test/helpers/selectionTable.ts) on Jest 30, at both granularities. */
describeSelectionTable('jest30', CASES);
