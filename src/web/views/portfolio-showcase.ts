import { html } from "hono/html";
import type { Showcase } from "../../domain/portfolios/index.ts";
import type { Html } from "../layout.ts";
import { entryList } from "./entry-card.ts";
import { portfolioCards } from "./portfolio-list.ts";
import { portfolioPaths, skillPaths } from "./portfolio-paths.ts";

/** The profile's showcase: pinned entries, portfolios and skills, above the entries. */

function evidence(n: number): string {
  return n === 1 ? "1 piece of evidence" : `${n} pieces of evidence`;
}

export function showcaseSections(
  showcase: Showcase,
  profile: { handle: string; isSelf: boolean },
  viewerId: string | null,
): Html {
  const { pinned, portfolios, skills } = showcase;
  const own = profile.isSelf;
  const manage = (href: string, label: string) =>
    own ? html` <a class="small no-print" href="${href}">${label}</a>` : "";
  return html`${
    pinned.length > 0 || own
      ? html`<section class="profile-pinned" aria-labelledby="pinned-heading">
  <h2 id="pinned-heading">Pinned${manage(portfolioPaths.pinned, "Choose pinned entries")}</h2>
  ${entryList(pinned, { viewerId }, "Pin up to five entries to show them first.")}
</section>`
      : ""
  }${
    portfolios.length > 0 || own
      ? html`<section class="profile-portfolios" aria-labelledby="portfolios-heading">
  <h2 id="portfolios-heading">Portfolios${manage(portfolioPaths.mine, "Your portfolios")}</h2>
  ${portfolios.length > 0 ? portfolioCards(portfolios) : html`<p class="empty">No portfolios yet.</p>`}
</section>`
      : ""
  }${
    skills.length > 0 || own
      ? html`<section class="profile-skills" aria-labelledby="skills-heading">
  <h2 id="skills-heading">Skills${manage(skillPaths.mine, "Your skills")}</h2>
  ${
    skills.length > 0
      ? html`<ul class="skill-chips">${skills.map(
          (skill) =>
            html`<li><a href="${skillPaths.page(profile.handle, skill.slug)}"><span class="p-skill">${skill.name}</span> <span class="skill-count">${evidence(skill.evidenceCount)}</span></a></li>`,
        )}</ul>`
      : html`<p class="empty">No skills listed yet.</p>`
  }
</section>`
      : ""
  }`;
}
