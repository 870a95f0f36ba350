import readline from "node:readline";
import { CliError } from "./errors.ts";

const ENTER = new Set(["\r", "\n"]);
const CTRL_C = "\u0003";
const CTRL_D = "\u0004";
const BACKSPACE = new Set(["\u007f", "\b"]);

/** Reads a line from the terminal without echoing it. */
function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  stdin.setRawMode(true);
  process.stderr.write(prompt);
  stdin.setEncoding("utf8");
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = "";
    const finish = () => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (ENTER.has(char)) {
          finish();
          return resolve(value);
        }
        if (char === CTRL_C || char === CTRL_D) {
          finish();
          return reject(new CliError("Cancelled."));
        }
        if (BACKSPACE.has(char)) value = value.slice(0, -1);
        else if (char >= " ") value += char;
      }
    };
    stdin.on("data", onData);
  });
}

/** Reads the first line of standard input (a pipe or a file). */
async function readLine(): Promise<string | null> {
  const lines = readline.createInterface({ input: process.stdin, terminal: false });
  try {
    for await (const line of lines) return line;
    return null;
  } finally {
    lines.close();
  }
}

/**
 * Asks for a new password: twice and hidden on a terminal, or as the first
 * line of standard input when it is piped (`echo … | outloud user create …`).
 */
export async function askNewPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const line = await readLine();
    if (line === null) throw new CliError("Error: no password given (standard input was empty).");
    return line;
  }
  const password = await readHidden("Password: ");
  const again = await readHidden("Repeat the password: ");
  if (password !== again) throw new CliError("Error: the two passwords differ.");
  return password;
}
