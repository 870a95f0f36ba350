import { createPersonalToken, memberByHandle } from "../domain/api/authorizations.ts";
import { createCommandValues } from "./create-command.ts";
import { CliError } from "./errors.ts";
import { withRuntime } from "./runtime.ts";

export const TOKEN_HELP = `Usage: outloud token <command>

Commands:
  create    Create a personal access token for a member

Run "outloud token create --help" for its options.`;

export const TOKEN_CREATE_HELP = `Usage: outloud token create --handle <handle> [options]

Creates a personal access token for the client API (as Settings → Apps
does) and prints it as the last line. It is shown only this once.

Options:
  --handle <handle>    the member the token acts for (required)
  --scopes <scopes>    what it may do, separated by spaces (default: "read"),
                       e.g. "read write follow" or "read:statuses write:media"
  --name <name>        what it is for (default: "Command line")
  -h, --help           show this help`;

export async function tokenCommand(args: string[]): Promise<void> {
  const values = createCommandValues(
    "token",
    args,
    { group: TOKEN_HELP, create: TOKEN_CREATE_HELP },
    {
      handle: { type: "string" },
      scopes: { type: "string", default: "read" },
      name: { type: "string", default: "Command line" },
    },
  );
  if (!values) return;
  if (!values.handle) throw new CliError(`Error: --handle is required.\n\n${TOKEN_CREATE_HELP}`);
  const handle = values.handle;
  await withRuntime(async (runtime) => {
    const member = await memberByHandle(runtime.ctx, handle);
    const created = await createPersonalToken(runtime.ctx, member, {
      name: values.name,
      scopes: values.scopes,
    });
    console.log(`Created a token for @${member.handle} with: ${created.scopes.join(" ")}`);
    console.log("Keep it secret; it is not shown again.");
    console.log(created.token);
  });
}
