import { CliError, reportError } from "./errors.ts";
import { withRuntime } from "./runtime.ts";
import { tokenCommand } from "./token.ts";
import { userCommand } from "./user.ts";

const HELP = `Outloud: show your work, share what you learn.

Usage: outloud <command> [options]

Commands:
  migrate        Apply database migrations
  user create    Create a member (run "outloud user create --help")
  token create   Create a personal access token (run "outloud token create --help")
  help           Show this help

Settings come from the environment and a .env file (DATA_DIR, DATABASE_URL…).
The commands work whether or not the server is running.`;

const MIGRATE_HELP = `Usage: outloud migrate

Applies every database migration not yet applied, then reports that the
database is up to date. The server also does this when it starts.`;

async function migrate(args: string[]): Promise<void> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(MIGRATE_HELP);
    return;
  }
  if (args.length > 0) throw new CliError(`Error: unexpected "${args[0]}".\n\n${MIGRATE_HELP}`);
  await withRuntime(async () => {});
  console.log("Database is up to date.");
}

async function run(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  switch (command) {
    case undefined:
    case "help":
    case "--help":
    case "-h":
      console.log(HELP);
      return;
    case "migrate":
      return migrate(args);
    case "user":
      return userCommand(args);
    case "token":
      return tokenCommand(args);
    default:
      throw new CliError(`Unknown command "${command}".\n\n${HELP}`);
  }
}

let code = 0;
try {
  await run(process.argv.slice(2));
} catch (error) {
  reportError(error);
  code = 1;
}
// Exit now that the command is done and the database closed: nothing left
// behind (a paused stdin, a library's exit hooks) decides the exit code.
process.exit(code);
