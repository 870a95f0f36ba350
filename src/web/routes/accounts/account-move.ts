import type { Context } from "hono";
import { Hono } from "hono";
import { html } from "hono/html";
import type { Ctx } from "../../../domain/context.ts";
import {
  accountMoveSettings,
  MAX_ALIASES,
  undoAccountMove,
} from "../../../domain/federation/index.ts";
import type { CurrentUser } from "../../../domain/viewer.ts";
import { moveToRemoteAccount, setAliasesFromAddresses } from "../../../federation/account-move.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, renderPage } from "../../layout.ts";
import { remotePaths } from "../../views/remote-account.ts";
import {
  type Failure,
  failureOf,
  formProblem,
  formValues,
  inputField,
  textareaField,
  type Values,
} from "./forms.ts";
import { signedInOrRedirect } from "./request.ts";

/** Where the page lives; `/settings/profile` links here. */
export const movePaths = {
  page: "/settings/move",
  move: "/settings/move",
  undo: "/settings/move/undo",
  aliases: "/settings/aliases",
};

type Form = "move" | "aliases";

const NOTICES: Record<string, string> = {
  moved: "Your account now says it has moved. Your followers on other servers are being moved.",
  undone: "Your profile no longer says your account has moved.",
  aliases: "Your aliases are saved.",
};

/**
 * "Account moves": aliases (accounts that may move here) and "Move to
 * another account" (or, once moved, where to and how to undo it).
 */
async function movePage(
  c: Context<AppEnv>,
  user: CurrentUser,
  failed?: { form: Form; values: Values; failure: Failure },
) {
  const settings = await accountMoveSettings(c.get("ctx"), user);
  const errorsOf = (form: Form) => (failed?.form === form ? failed.failure.fields : {});
  const submitted = (form: Form, name: string) =>
    failed?.form === form ? failed.values[name] : undefined;
  const notice = NOTICES[c.req.query("done") ?? ""];
  const moved = settings.movedTo;
  const address = moved ? `@${moved.handle}@${moved.host}` : "";
  return renderPage(c, {
    title: "Move your account",
    status: failed?.failure.status ?? 200,
    body: html`<h1>Move your account</h1>
<p class="muted">Back to <a href="/settings/profile">Profile settings</a>.</p>
${notice && !failed ? html`<p class="notice" role="status">${notice}</p>` : ""}
<section class="account-move" aria-labelledby="move-heading">
  <h2 id="move-heading">Move to another account</h2>
  ${
    moved
      ? html`<p class="notice moved-notice">This account has moved to <a href="${remotePaths.account(moved.id)}">${address}</a>.</p>
  <form method="post" action="${movePaths.undo}">${csrfField(c)}<div class="actions"><button type="submit" class="button-secondary">Undo the move</button></div></form>
  <p class="hint">Undoing removes the notice from your profile. Followers who already moved stay with the new account.</p>`
      : html`<p>Your followers on other servers will follow the new account instead, and your profile will say where you went. First add this account (<code>@${user.handle}@${new URL(c.get("ctx").config.publicUrl).host}</code>) as an alias on the new account.</p>
  ${failed?.form === "move" ? formProblem(failed.failure.message) : ""}
  <form method="post" action="${movePaths.move}" class="stack">${csrfField(c)}
    ${inputField({ name: "account", label: "New account", value: submitted("move", "account"), error: errorsOf("move").account, placeholder: "@you@example.social", hint: "Its address, like @you@example.social, or its profile URL.", required: true })}
    <div class="actions"><button type="submit">Move to this account</button></div>
  </form>`
  }
</section>
<section class="account-move" aria-labelledby="aliases-heading">
  <h2 id="aliases-heading">Moving here from another account</h2>
  <p>To move an account from another server to this one, list it here first (its server checks this before the move).</p>
  ${failed?.form === "aliases" ? formProblem(failed.failure.message) : ""}
  <form method="post" action="${movePaths.aliases}" class="stack">${csrfField(c)}
    ${textareaField({ name: "aliases", label: "Aliases", value: submitted("aliases", "aliases") ?? settings.aliases.join("\n"), error: errorsOf("aliases").aliases, hint: `One account per line: @you@old.example or its URL. At most ${MAX_ALIASES}.` })}
    <div class="actions"><button type="submit">Save aliases</button></div>
  </form>
</section>`,
  });
}

/** A form's POST: runs `action`, then back to the page with a notice, or the form with its errors. */
function formPost(
  form: Form | null,
  done: keyof typeof NOTICES,
  action: (ctx: Ctx, user: CurrentUser, values: Values) => Promise<unknown>,
) {
  return async (c: Context<AppEnv>) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const values = await formValues(c);
    try {
      await action(c.get("ctx"), user, values);
      return c.redirect(`${movePaths.page}?done=${done}`, 303);
    } catch (error) {
      if (!form) throw error;
      return movePage(c, user, { form, values, failure: failureOf(error) });
    }
  };
}

export function accountMoveRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get(movePaths.page, (c) => {
    const user = signedInOrRedirect(c);
    return user instanceof Response ? user : movePage(c, user);
  });
  app.post(
    movePaths.move,
    formPost("move", "moved", (ctx, user, values) =>
      moveToRemoteAccount(ctx, user, values.account ?? ""),
    ),
  );
  app.post(movePaths.undo, formPost(null, "undone", undoAccountMove));
  app.post(
    movePaths.aliases,
    formPost("aliases", "aliases", (ctx, user, values) =>
      setAliasesFromAddresses(ctx, user, values.aliases ?? ""),
    ),
  );
  return app;
}
