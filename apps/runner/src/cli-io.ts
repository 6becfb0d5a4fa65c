/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Wall clock in ms, for `run.wallMs` figures only: never fed into a simulation. */
  clockMs(): number;
}
