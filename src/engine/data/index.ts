/**
 * Pure data preparation of SPEC §2: tables, schema inference, seeded splits, preprocessing fitted on the
 * training split, toy data sets and Iris. The backend (`src/main/data`) parses files into `Table`s.
 */
export { DataError, isDataError, quote, type DataErrorCode, type DataErrorJSON, type DataErrorWhere } from './errors'
export {
  MISSING_TOKENS,
  cellText,
  compareLabels,
  findColumn,
  isMissing,
  previewRows,
  selectRows,
  type CategoricalColumn,
  type Column,
  type ImageShape,
  type NumericColumn,
  type Table,
} from './table'
export { classCounts, describeColumns, describeColumnsStepwise, detectTask, inferSchema, type ClassCount, type ColumnKind, type ColumnSchema, type Histogram, type SchemaOptions, type TableSchema } from './schema'
export { splitRows, type SplitFractions, type SplitIndices } from './split'
export { applyPreprocessing, classIndices, encodeRows, inputNames, inputWidth, outputsOf, type IndexedDataset } from './encode'
export {
  fitPreprocessing,
  prepareData,
  type FitOptions,
  type FittedPreprocessing,
  type MissingPolicy,
  type PrepareOptions,
  type PreparedData,
  type Scaling,
} from './preprocess'
export { TOYS, generateToy, type ToyName, type ToyOptions } from './toys'
export { irisTable } from './iris'
