import { createMember } from "../domain/accounts/members.ts";
import { createCommandValues } from "./create-command.ts";
import { CliError } from "./errors.ts";
import { askNewPassword } from "./prompt.ts";
import { withRuntime } from "./runtime.ts";

export const USER_HELP = `Usage: outloud user <command>

Commands:
  create    Create a member who can sign in

Run "outloud user create --help" for its options.`;

export const USER_CREATE_HELP = `Usage: outloud user create --handle <handle> --email <email> [options]

Creates a member. Works whether or not the server is running.

Options:
  --handle <handle>        1 to 30 letters, digits or underscores (required)
  --email <email>          their email address, for signing in (required)
  --password <password>    at least 10 characters; when omitted it is asked
                           for (hidden), or read as one line from standard input
  --display-name <name>    how their name appears (default: the handle)
  --admin                  make them an admin of this instance
  -h, --help               show this help`;

export async function userCommand(args: string[]): Promise<void> {
  const values = createCommandValues(
    "user",
    args,
    { group: USER_HELP, create: USER_CREATE_HELP },
    {
      handle: { type: "string" },
      email: { type: "string" },
      password: { type: "string" },
      "display-name": { type: "string" },
      admin: { type: "boolean", default: false },
    },
  );
  if (!values) return;
  const missing = (["handle", "email"] as const).filter((name) => !values[name]);
  if (missing.length > 0) {
    throw new CliError(
      `Error: ${missing.map((m) => `--${m}`).join(" and ")} ${missing.length > 1 ? "are" : "is"} required.\n\n${USER_CREATE_HELP}`,
    );
  }
  const password = values.password ?? (await askNewPassword());
  const role = values.admin ? "admin" : "member";
  await withRuntime(async (runtime) => {
    const member = await createMember(
      runtime.ctx,
      {
        handle: values.handle ?? "",
        email: values.email ?? "",
        password,
        displayName: values["display-name"],
      },
      role,
    );
    console.log(
      `Created @${member.handle}${role === "admin" ? " (admin)" : ""}. Sign in at ${runtime.config.publicUrl}/sign-in`,
    );
  });
}
