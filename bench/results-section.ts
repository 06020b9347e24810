/** The benchmarks' `--write`: replaces the generated section of a results file in bench/, between two marker lines. */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * Writes `table` between the two `marker` lines of `bench/<file>` (the text around them is kept) and says so
 * on stderr. Throws when the file does not hold exactly two markers.
 */
export function writeResultsSection(file: string, marker: string, table: string): void {
  const path = fileURLToPath(new URL(`./${file}`, import.meta.url))
  const doc = readFileSync(path, 'utf8')
  const parts = doc.split(marker)
  if (parts.length !== 3) throw new Error(`${path}: expected two ${marker} markers around the generated section`)
  writeFileSync(path, `${parts[0]}${marker}\n${table}\n${marker}${parts[2]}`)
  process.stderr.write(`wrote ${path}\n`)
}
