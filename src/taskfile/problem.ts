/** One thing wrong with a task file, or probably not meant (a warning), as validation reports it. */
export interface Problem {
  /** Stable, machine-readable kind: `not-json`, `missing-field`, `duplicate-id`, `cycle`, … */
  code: string
  /** One sentence saying what is wrong and where. */
  message: string
  path: (string | number)[]
  line?: number
  column?: number
}
