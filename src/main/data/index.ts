/**
 * Backend data services (SPEC §2): file import (CSV/TSV, JSON, IDX, gzip) into `Table`s and the
 * built-in data sets. Preparation of tables into engine data sets is in `src/engine/data`.
 */
export { DEFAULT_MAX_BYTES, formatBytes, type ImportOptions, type ImportProgress } from './bytes'
export { detectFormat, importFile, importFiles, type ImportFile, type ImportFormat, type ImportResult } from './import'
export { listBuiltins, loadBuiltin, type BuiltinInfo } from './builtins'
export { loadMnist } from './mnist'
export { importInWorker, warmImportWorker, type WorkerImportSettings } from './import-host'
export * from '../../engine/data'
