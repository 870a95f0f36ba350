import { type ParseArgsOptionsConfig, parseArgs } from "node:util";
import { CliError } from "./errors.ts";

const HELP_OPTION = { help: { type: "boolean", short: "h", default: false } } as const;

/**
 * Reads `<group> create [options]`, the shape of every command that makes
 * something: `help` prints the group's help, another subcommand is an error,
 * `-h` after `create` prints its own help. Returns the options, or null when
 * help was printed.
 */
export function createCommandValues<O extends ParseArgsOptionsConfig>(
  group: string,
  args: string[],
  help: { group: string; create: string },
  options: O,
) {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "help" || sub === "--help" || sub === "-h") {
    console.log(help.group);
    return null;
  }
  if (sub !== "create") throw new CliError(`Unknown command "${group} ${sub}".\n\n${help.group}`);
  const { values } = parseArgs({
    args: rest,
    strict: true,
    allowPositionals: false,
    options: { ...options, ...HELP_OPTION },
  });
  if ((values as { help?: boolean }).help) {
    console.log(help.create);
    return null;
  }
  return values;
}
