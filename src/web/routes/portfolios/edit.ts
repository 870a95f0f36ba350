import { type Context, Hono } from "hono";
import { invalid } from "../../../domain/errors.ts";
import {
  addItem,
  addSection,
  createShareLink,
  deletePortfolio,
  moveItem,
  moveSection,
  removeItem,
  removePortfolioCover,
  removeSection,
  renameSection,
  reorderItems,
  reorderSections,
  revokeShareLink,
  setPortfolioCover,
  updateItem,
  updatePortfolio,
} from "../../../domain/portfolios/index.ts";
import type { AppEnv } from "../../env.ts";
import { portfolioPaths } from "../../views/portfolio-paths.ts";
import { formFile } from "../accounts/forms.ts";
import { originOf } from "../entries/request.ts";
import { editorAction, editorPage, editorUrl, newShareLinkPage } from "./editor.ts";
import { ownerOf, PORTFOLIO, slugOf } from "./request.ts";

const UUID = "[0-9a-fA-F-]{36}";
const SECTION = `${PORTFOLIO}/sections/:section{${UUID}}`;
const ITEM = `${PORTFOLIO}/items/:item{${UUID}}`;

const ctxOf = (c: Context<AppEnv>) => c.get("ctx");
const param = (c: Context<AppEnv>, name: string) => c.req.param(name) ?? "";

/** The ids of a drag-and-drop reorder: JSON `{ids: […]}` from the script, or repeated form fields. */
async function orderedIds(c: Context<AppEnv>): Promise<unknown> {
  if ((c.req.header("content-type") ?? "").startsWith("application/json")) {
    const body = (await c.req.json().catch(() => null)) as { ids?: unknown } | null;
    return body?.ids;
  }
  const ids = (await c.req.parseBody({ all: true })).ids;
  return Array.isArray(ids) ? ids : ids === undefined ? undefined : [ids];
}

/** A reorder from the script (JSON) answers 204; a plain form post goes back to the editor. */
function reorderAction(run: (c: Context<AppEnv>, slug: string, ids: unknown) => Promise<void>) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    const owner = ownerOf(c);
    if (owner instanceof Response) return owner;
    const slug = slugOf(c);
    await run(c, slug, await orderedIds(c));
    if ((c.req.header("content-type") ?? "").startsWith("application/json")) {
      return c.body(null, 204);
    }
    return c.redirect(editorUrl(owner, slug, "moved", "contents"), 303);
  };
}

/** The owner's editor under `/@handle/portfolios/<slug>/…`: every form posts here. */
export function portfolioEditRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get(`${PORTFOLIO}/edit`, (c) => {
    const owner = ownerOf(c);
    return owner instanceof Response ? owner : editorPage(c, owner, slugOf(c));
  });

  app.post(
    `${PORTFOLIO}/edit`,
    editorAction("settings", async (c, owner, slug, values) => {
      const saved = await updatePortfolio(ctxOf(c), owner, slug, values);
      return editorUrl(owner, saved.slug, "saved", "settings");
    }),
  );

  app.post(
    `${PORTFOLIO}/cover`,
    editorAction("cover", async (c, owner, slug, values) => {
      const image = await formFile(c, "cover");
      await setPortfolioCover(ctxOf(c), owner, slug, { image, alt: values.alt });
      return editorUrl(owner, slug, "cover", "cover");
    }),
  );

  app.post(
    `${PORTFOLIO}/cover/remove`,
    editorAction("cover", async (c, owner, slug) => {
      await removePortfolioCover(ctxOf(c), owner, slug);
      return editorUrl(owner, slug, "cover", "cover");
    }),
  );

  app.post(
    `${PORTFOLIO}/delete`,
    editorAction("delete", async (c, owner, slug, values) => {
      if (values.confirm !== "yes") {
        throw invalid("Tick the box to confirm that the portfolio should go.", {
          confirmDelete: "Tick the box to confirm",
        });
      }
      await deletePortfolio(ctxOf(c), owner, slug);
      return `${portfolioPaths.mine}?deleted=1`;
    }),
  );

  app.post(
    `${PORTFOLIO}/sections`,
    editorAction("new-section", async (c, owner, slug, values) => {
      const { id } = await addSection(ctxOf(c), owner, slug, values);
      return editorUrl(owner, slug, "section", `section-${id}`);
    }),
  );

  app.post(
    `${PORTFOLIO}/sections/order`,
    reorderAction((c, slug, ids) => {
      const owner = c.get("user")!;
      return reorderSections(ctxOf(c), owner, slug, { ids });
    }),
  );

  app.post(
    SECTION,
    editorAction(
      (c) => `section:${param(c, "section")}`,
      async (c, owner, slug, values) => {
        await renameSection(ctxOf(c), owner, slug, param(c, "section"), values);
        return editorUrl(owner, slug, "section", `section-${param(c, "section")}`);
      },
    ),
  );

  app.post(
    `${SECTION}/move`,
    editorAction("order", async (c, owner, slug, values) => {
      await moveSection(ctxOf(c), owner, slug, param(c, "section"), values);
      return editorUrl(owner, slug, "moved", `section-${param(c, "section")}`);
    }),
  );

  app.post(
    `${SECTION}/remove`,
    editorAction("order", async (c, owner, slug) => {
      await removeSection(ctxOf(c), owner, slug, param(c, "section"));
      return editorUrl(owner, slug, "removed", "contents");
    }),
  );

  app.post(
    `${SECTION}/items/order`,
    reorderAction((c, slug, ids) => {
      const owner = c.get("user")!;
      return reorderItems(ctxOf(c), owner, slug, param(c, "section"), { ids });
    }),
  );

  app.post(
    `${PORTFOLIO}/items`,
    editorAction("add", async (c, owner, slug, values) => {
      const { id } = await addItem(ctxOf(c), owner, slug, values);
      return editorUrl(owner, slug, "added", `item-${id}`);
    }),
  );

  app.post(
    ITEM,
    editorAction(
      (c) => `item:${param(c, "item")}`,
      async (c, owner, slug, values) => {
        await updateItem(ctxOf(c), owner, slug, param(c, "item"), values);
        return editorUrl(owner, slug, "saved", `item-${param(c, "item")}`);
      },
    ),
  );

  app.post(
    `${ITEM}/move`,
    editorAction("order", async (c, owner, slug, values) => {
      await moveItem(ctxOf(c), owner, slug, param(c, "item"), values);
      return editorUrl(owner, slug, "moved", `item-${param(c, "item")}`);
    }),
  );

  app.post(
    `${ITEM}/remove`,
    editorAction("order", async (c, owner, slug) => {
      await removeItem(ctxOf(c), owner, slug, param(c, "item"));
      return editorUrl(owner, slug, "removed", "contents");
    }),
  );

  app.post(
    `${PORTFOLIO}/share-links`,
    editorAction("share", async (c, owner, slug, values) => {
      const { token } = await createShareLink(ctxOf(c), owner, slug, values);
      const url = originOf(c) + portfolioPaths.shared(token);
      return newShareLinkPage(c, owner, slug, values.label?.trim() ?? "", url);
    }),
  );

  app.post(
    `${PORTFOLIO}/share-links/:link{${UUID}}/revoke`,
    editorAction("share", async (c, owner, slug) => {
      await revokeShareLink(ctxOf(c), owner, slug, param(c, "link"));
      return editorUrl(owner, slug, "revoked", "share");
    }),
  );

  return app;
}
