import { type Context, Hono } from "hono";
import { html } from "hono/html";
import { invalid } from "../../../domain/errors.ts";
import {
  addEvidence,
  createSkill,
  deleteSkill,
  evidenceCandidates,
  evidenceSuggestions,
  memberSkills,
  memberTags,
  rateSkill,
  removeEvidence,
  setTagTypes,
  skillForViewer,
  updateSkill,
} from "../../../domain/skills/index.ts";
import type { CurrentUser } from "../../../domain/viewer.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, type PageOptions, renderPage } from "../../layout.ts";
import { paths } from "../../urls.ts";
import { skillPaths } from "../../views/portfolio-paths.ts";
import { type FormState, skillEditor, skillFields, tagTypesForm } from "../../views/skill-forms.ts";
import { skillPage } from "../../views/skill-page.ts";
import { failureOf, formProblem, formValues, type Values } from "../accounts/forms.ts";
import { signedInOrRedirect } from "../accounts/request.ts";
import { AT_HANDLE, handleOf, viewerOf } from "../entries/request.ts";
import { ownerOf } from "../portfolios/request.ts";

const SKILL = `${AT_HANDLE}/skills/:slug{[A-Za-z0-9-]{1,60}}`;
const slugOf = (c: Context<AppEnv>) => c.req.param("slug") ?? "";
type Status = NonNullable<PageOptions["status"]>;

async function mySkillsPage(
  c: Context<AppEnv>,
  user: CurrentUser,
  values: Values = {},
  state?: FormState & { status?: Status },
) {
  const skills = await memberSkills(c.get("ctx"), user, user.actorId);
  c.header("Cache-Control", "private, no-store");
  return renderPage(c, {
    title: "Your skills",
    status: state?.status ?? 200,
    body: html`<h1>Your skills</h1>
<p class="lead">What you want to show, backed by your entries as evidence. Your profile lists them. <a href="${skillPaths.tagTypes}">Type your tags</a> as skills, topics or methods.</p>
${
  skills.length > 0
    ? html`<ul class="pin-list">${skills.map(
        (skill) =>
          html`<li class="pin-row"><a href="${skillPaths.page(user.handle, skill.slug)}">${skill.name}</a><span class="muted small">${skill.evidenceCount} evidence${skill.latestRating ? ` · rated ${skill.latestRating} of 5` : ""} · <a href="${skillPaths.edit(user.handle, skill.slug)}">Edit</a></span></li>`,
      )}</ul>`
    : html`<p class="empty">No skills yet.</p>`
}
<section aria-labelledby="new-skill-heading" class="portfolio-edit-panel">
  <h2 id="new-skill-heading">Add a skill</h2>
  ${formProblem(state?.message)}
  <form method="post" action="${skillPaths.mine}" class="stack">
    ${csrfField(c)}
    ${skillFields(values, state?.errors ?? {})}
    <div class="actions"><button type="submit">Add skill</button></div>
  </form>
</section>`,
  });
}

async function editorPage(
  c: Context<AppEnv>,
  owner: CurrentUser,
  slug: string,
  state: FormState = {},
  status: Status = 200,
) {
  const ctx = c.get("ctx");
  const skill = await skillForViewer(ctx, owner, owner.handle, slug);
  const [suggestions, candidates] = await Promise.all([
    evidenceSuggestions(ctx, owner, skill),
    evidenceCandidates(ctx, owner, skill.id),
  ]);
  c.header("Cache-Control", "private, no-store");
  return renderPage(c, {
    title: `Edit ${skill.name}`,
    status,
    body: skillEditor(c, { skill, suggestions, candidates }, state),
  });
}

type Operation = (
  c: Context<AppEnv>,
  owner: CurrentUser,
  slug: string,
  values: Values,
) => Promise<string>;

/** A POST from the skill editor: redirect on success, the editor with the form's errors on failure. */
function editorAction(form: string, operation: Operation) {
  return async (c: Context<AppEnv>) => {
    const owner = ownerOf(c);
    if (owner instanceof Response) return owner;
    const values = await formValues(c);
    try {
      return c.redirect(await operation(c, owner, slugOf(c), values), 303);
    } catch (error) {
      const failure = failureOf(error);
      if (failure.status === 404) throw error;
      return editorPage(
        c,
        owner,
        slugOf(c),
        { form, values, errors: failure.fields, message: failure.message },
        failure.status,
      );
    }
  };
}

const back = (owner: CurrentUser, slug: string, anchor: string) =>
  `${skillPaths.edit(owner.handle, slug)}#${anchor}`;

/** Skills: the public skill page, the member's list, the editor, and tag types. */
export function skillRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const ctxOf = (c: Context<AppEnv>) => c.get("ctx");

  app.get(skillPaths.mine, (c) => {
    const user = signedInOrRedirect(c);
    return user instanceof Response ? user : mySkillsPage(c, user);
  });

  app.post(skillPaths.mine, async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const values = await formValues(c);
    try {
      const { slug } = await createSkill(ctxOf(c), user, values);
      return c.redirect(skillPaths.edit(user.handle, slug), 303);
    } catch (error) {
      const failure = failureOf(error);
      return mySkillsPage(c, user, values, {
        errors: failure.fields,
        message: failure.message,
        status: failure.status,
      });
    }
  });

  app.get(skillPaths.tagTypes, async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const tags = await memberTags(ctxOf(c), user);
    c.header("Cache-Control", "private, no-store");
    return renderPage(c, {
      title: "Tag types",
      body: html`<h1>Tag types</h1>
<p class="lead">Say what your tags stand for. Entries tagged with a <strong>skill</strong> tag are offered as evidence for the skill with that tag.</p>
${c.req.query("saved") ? html`<p class="notice" role="status">Saved.</p>` : ""}
${tagTypesForm(c, tags)}`,
    });
  });

  app.post(skillPaths.tagTypes, async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const values = await formValues(c);
    const types = Object.fromEntries(
      Object.entries(values)
        .filter(([name]) => name.startsWith("type:"))
        .map(([name, value]) => [name.slice(5), value]),
    );
    await setTagTypes(ctxOf(c), user, types);
    return c.redirect(`${skillPaths.tagTypes}?saved=1`, 303);
  });

  app.get(SKILL, async (c) => {
    const viewer = viewerOf(c);
    const skill = await skillForViewer(ctxOf(c), viewer, handleOf(c), slugOf(c));
    if (skill.isOwner) c.header("Cache-Control", "private, no-store");
    return renderPage(c, {
      title: `${skill.name} · ${skill.owner.displayName}`,
      description: skill.description || `${skill.name}: a skill of ${skill.owner.displayName}`,
      body: html`${skillPage(skill, viewer.actorId)}
<p class="more-from"><a href="${paths.profile(skill.owner.handle)}">More from ${skill.owner.displayName}</a></p>`,
    });
  });

  app.get(`${SKILL}/edit`, (c) => {
    const owner = ownerOf(c);
    return owner instanceof Response ? owner : editorPage(c, owner, slugOf(c));
  });

  app.post(
    `${SKILL}/edit`,
    editorAction("skill", async (c, owner, slug, values) => {
      const saved = await updateSkill(ctxOf(c), owner, slug, values);
      return back(owner, saved.slug, "settings");
    }),
  );

  app.post(
    `${SKILL}/ratings`,
    editorAction("rating", async (c, owner, slug, values) => {
      await rateSkill(ctxOf(c), owner, slug, values);
      return back(owner, slug, "rate");
    }),
  );

  app.post(
    `${SKILL}/evidence`,
    editorAction("evidence", async (c, owner, slug, values) => {
      await addEvidence(ctxOf(c), owner, slug, values);
      return back(owner, slug, "evidence");
    }),
  );

  app.post(
    `${SKILL}/evidence/:entry{[0-9a-fA-F-]{36}}/remove`,
    editorAction("evidence", async (c, owner, slug) => {
      await removeEvidence(ctxOf(c), owner, slug, c.req.param("entry") ?? "");
      return back(owner, slug, "evidence");
    }),
  );

  app.post(
    `${SKILL}/delete`,
    editorAction("delete", async (c, owner, slug, values) => {
      if (values.confirm !== "yes")
        throw invalid("Tick the box to confirm that the skill should go.");
      await deleteSkill(ctxOf(c), owner, slug);
      return skillPaths.mine;
    }),
  );

  return app;
}
