import type { Context } from "hono";
import { html } from "hono/html";
import { notShown } from "../../../domain/entries/index.ts";
import {
  entriesToAdd,
  portfolioForViewer,
  shareLinksOf,
} from "../../../domain/portfolios/index.ts";
import type { CurrentUser } from "../../../domain/viewer.ts";
import type { AppEnv } from "../../env.ts";
import { type Html, type PageOptions, renderPage } from "../../layout.ts";
import { type EditorState, portfolioEditor } from "../../views/portfolio-edit.ts";
import { portfolioPaths } from "../../views/portfolio-paths.ts";
import { failureOf, formValues, type Values } from "../accounts/forms.ts";
import { originOf } from "../entries/request.ts";
import { ownerOf, slugOf } from "./request.ts";

/** What the editor says after a change went through (`?done=…`). */
const DONE: Record<string, string> = {
  saved: "Saved.",
  created: "Your portfolio is ready: add entries to it below.",
  added: "Added to the portfolio.",
  removed: "Taken out of the portfolio. The entry itself is still in your journal.",
  moved: "Moved.",
  section: "Section saved.",
  revoked: "The link is revoked: it no longer opens the portfolio.",
  cover: "Cover saved.",
};

/** The editor page, with one form's failure when there is one. */
export async function editorPage(
  c: Context<AppEnv>,
  owner: CurrentUser,
  slug: string,
  state: EditorState = {},
  status: NonNullable<PageOptions["status"]> = 200,
): Promise<Response> {
  const ctx = c.get("ctx");
  const portfolio = await portfolioForViewer(ctx, owner, owner.handle, slug);
  if (!portfolio.isOwner) throw notShown();
  const [candidates, shareLinks] = await Promise.all([
    entriesToAdd(ctx, owner, portfolio.id),
    shareLinksOf(ctx, owner, portfolio.id),
  ]);
  const done = DONE[c.req.query("done") ?? ""];
  c.header("Cache-Control", "private, no-store");
  return renderPage(c, {
    title: `Edit ${portfolio.title}`,
    status,
    head: html`<meta name="robots" content="noindex">`,
    body: portfolioEditor(
      c,
      { portfolio, candidates, shareLinks, origin: originOf(c) },
      { notice: state.form ? undefined : done, ...state },
    ),
  });
}

export function editorUrl(owner: CurrentUser, slug: string, done: string, anchor = ""): string {
  return `${portfolioPaths.edit(owner.handle, slug)}?done=${done}${anchor ? `#${anchor}` : ""}`;
}

type Operation = (
  c: Context<AppEnv>,
  owner: CurrentUser,
  slug: string,
  values: Values,
) => Promise<string | Response | Promise<Response>>;

/**
 * A POST from one of the editor's forms: runs `operation` for the owner;
 * success redirects (to the URL it returns) or answers as it chose; a domain
 * error re-renders the editor with that form's values and messages.
 */
export function editorAction(
  form: string | ((c: Context<AppEnv>) => string),
  operation: Operation,
) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    const owner = ownerOf(c);
    if (owner instanceof Response) return owner;
    const slug = slugOf(c);
    const values = await formValues(c);
    try {
      const result = await operation(c, owner, slug, values);
      return typeof result === "string" ? c.redirect(result, 303) : result;
    } catch (error) {
      const failure = failureOf(error);
      if (failure.status === 404) throw error;
      const name = typeof form === "string" ? form : form(c);
      return editorPage(
        c,
        owner,
        slug,
        { form: name, values, errors: failure.fields, message: failure.message },
        failure.status,
      );
    }
  };
}

/** The page shown once, right after a share link is made: the only time its address exists. */
export function newShareLinkPage(
  c: Context<AppEnv>,
  owner: CurrentUser,
  slug: string,
  label: string,
  url: string,
): Response | Promise<Response> {
  c.header("Cache-Control", "private, no-store");
  const body: Html = html`<section class="message share-created">
  <h1>Share link created</h1>
  <p>Send this address to the people it is for (“${label}”). Anyone holding it can open the portfolio until you revoke it or it expires. Copy it now: it is not shown again.</p>
  <div class="field">
    <label for="share-url">Share link</label>
    <input id="share-url" type="url" value="${url}" readonly>
  </div>
  <p><a class="button" href="${portfolioPaths.edit(owner.handle, slug)}#share">Back to the editor</a></p>
</section>`;
  return renderPage(c, {
    title: "Share link created",
    status: 201,
    head: html`<meta name="robots" content="noindex">`,
    body,
  });
}
