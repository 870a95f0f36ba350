import { ConfigError } from "../config.ts";
import { DomainError } from "../domain/errors.ts";

/** A problem the person at the terminal can fix: printed without a stack trace. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliError";
  }
}

/** Field names as the command line spells them. */
const FLAG_FOR: Record<string, string> = { displayName: "--display-name" };
const flagFor = (field: string) => FLAG_FOR[field] ?? `--${field}`;

/** Prints any failure as a short message on stderr; the exit code is the caller's. */
export function reportError(error: unknown): void {
  if (error instanceof DomainError) {
    const fields = Object.entries(error.fields).map(([f, m]) => `${flagFor(f)}: ${m}`);
    if (fields.length === 0) console.error(`Error: ${error.message}`);
    else if (fields.length === 1) console.error(`Error: ${fields[0]}`);
    else console.error([`Error: ${error.message}`, ...fields.map((f) => `  ${f}`)].join("\n"));
  } else if (error instanceof ConfigError || error instanceof CliError) {
    console.error(error.message);
  } else {
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
  }
}
