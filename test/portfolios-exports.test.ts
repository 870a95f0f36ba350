import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { HtmlValidate } from "html-validate";
import sharp from "sharp";
import { createEntry } from "../src/domain/entries/index.ts";
import {
  addItem,
  addSection,
  createPortfolio,
  setPortfolioCover,
} from "../src/domain/portfolios/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { pdfText, unzip } from "./helpers/portfolio-exports.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

const BASE = "/@ada/portfolios/teaching";
// Validity and accessibility rules (and whole-document checks), without the code-style ones.
const validator = new HtmlValidate({
  extends: ["html-validate:standard", "html-validate:document"],
  // Subresource integrity matters for files from other origins, not for our own relative ones.
  rules: { "require-sri": ["error", { target: "crossorigin" }] },
});

describe("portfolio exports", () => {
  let runtime: TestRuntime;
  let ada: CurrentUser;
  let owner: TestClient;
  const visitor = () => new TestClient(runtime.app);

  before(async () => {
    runtime = await startTestRuntime();
    ada = await makeMember(runtime.ctx, "ada");
    owner = await signedInClient(runtime, ada);
    const ctx = runtime.ctx;
    await createPortfolio(ctx, ada, {
      title: "Teaching 2026",
      slug: "teaching",
      intro: "Lessons from a year of *workshops*.",
      audience: "public",
      layout: "grid",
    });
    const [first] = await runtime.database.sql<{ id: string }[]>`
      select s.id from portfolio_sections s join portfolios p on p.id = s.portfolio_id
      where p.slug = 'teaching'`;
    const second = await addSection(ctx, ada, "teaching", { title: "Workshops" });
    const publish = (body: string, extra: Record<string, string> = {}) =>
      createEntry(ctx, ada, { body, action: "publish", ...extra });
    const one = await publish(
      "Feedback loops mkonex in #teaching, see ![a diagram](https://example.org/d.png)",
      {
        kind: "article",
        title: "Feedback loops",
      },
    );
    const two = await publish("Running a **workshop** mktwox [notes](https://example.org/notes)");
    const three = await publish("Followers-only reflection mkthreex", { audience: "followers" });
    await publish("A private entry that is in no portfolio mkprivatex", { audience: "private" });
    await addItem(ctx, ada, "teaching", {
      entryId: one.id,
      sectionId: first?.id ?? "",
      caption: "Why: mkcaptionx",
    });
    await addItem(ctx, ada, "teaching", { entryId: two.id, sectionId: second.id });
    await addItem(ctx, ada, "teaching", { entryId: three.id, sectionId: second.id, confirm: true });
    const cover = await sharp({
      create: { width: 64, height: 32, channels: 3, background: { r: 200, g: 80, b: 40 } },
    })
      .png()
      .toBuffer();
    await setPortfolioCover(ctx, ada, "teaching", { image: cover, alt: "An orange banner" });
  });
  after(() => runtime?.close());

  it("makes a zip of pages that link only inside it, carry no private entry, and validate", async () => {
    const response = await visitor().get(`${BASE}/export.zip`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "application/zip");
    assert.match(
      response.headers.get("content-disposition") ?? "",
      /attachment; filename="teaching.zip"/,
    );
    const files = unzip(new Uint8Array(await response.arrayBuffer()));
    const names = [...files.keys()].sort();
    assert.ok(names.includes("index.html"));
    assert.ok(names.includes("style.css"));
    assert.ok(names.includes("cover.webp"));
    assert.ok(names.includes("feed.xml") && names.includes("feed.json"));
    const pages = names.filter((name) => name.endsWith(".html"));
    assert.equal(pages.length, 4, "the portfolio and its three entries");

    const all = [...files.values()].join("\n");
    for (const marker of ["mkonex", "mktwox", "mkthreex", "mkcaptionx"]) {
      assert.ok(all.includes(marker), marker);
    }
    assert.ok(!all.includes("mkprivatex"), "no entry outside the portfolio");

    const index = files.get("index.html") ?? "";
    assert.ok(index.indexOf("mkonex") < index.indexOf("mktwox"), "sections in order");
    for (const name of pages) {
      const html = files.get(name) ?? "";
      const report = await validator.validateString(html, name);
      const messages = report.results.flatMap((r) =>
        r.messages.map((m) => `${m.ruleId}: ${m.message}`),
      );
      assert.ok(report.valid, `${name} is valid HTML:\n${messages.join("\n")}`);
      for (const [, attribute, url = ""] of html.matchAll(/\b(href|src)="([^"]*)"/g)) {
        if (/^https:\/\/example\.org\//.test(url)) continue; // links the member wrote
        assert.ok(
          !/^[a-z]+:|^\/|^#?$/.test(url) || url.startsWith("#"),
          `${name}: ${attribute}="${url}" stays inside`,
        );
        if (url.startsWith("#")) continue;
        const target = path.posix.normalize(
          path.posix.join(path.posix.dirname(name), url.split("#")[0] ?? ""),
        );
        assert.ok(files.has(target), `${name}: ${url} is in the zip`);
      }
      assert.doesNotMatch(html, /<script/i);
      assert.doesNotMatch(html, /<img[^>]+src="https?:/, "no image loaded from elsewhere");
    }
    assert.match(index, /<span>#teaching<\/span>/, "hashtag links to the server became text");
  });

  it("makes a PDF with the portfolio's title, sections, captions and items", async () => {
    const response = await visitor().get(`${BASE}/export.pdf`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "application/pdf");
    const bytes = new Uint8Array(await response.arrayBuffer());
    assert.equal(Buffer.from(bytes.subarray(0, 5)).toString("latin1"), "%PDF-");
    const text = pdfText(bytes);
    assert.match(text, /Teaching 2026/);
    assert.match(text, /Feedback loops/);
    assert.match(text, /Workshops/);
    assert.match(text, /Why this matters: Why: mkcaptionx/);
    for (const marker of ["mkonex", "mktwox", "mkthreex"]) assert.ok(text.includes(marker), marker);
    assert.ok(!text.includes("mkprivatex"));
    assert.ok(text.indexOf("mkonex") < text.indexOf("mktwox"));
  });

  it("serves a print page with cover, sections and captions and no site navigation", async () => {
    const response = await visitor().get(`${BASE}/print`);
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /<link rel="stylesheet" href="\/static\/portfolio-export.css">/);
    assert.match(
      html,
      /<img class="portfolio-cover" src="\/@ada\/portfolios\/teaching\/cover.webp" alt="An orange banner"/,
    );
    assert.match(html, /<h2 id="section-[^"]+">Workshops<\/h2>/);
    assert.match(html, /mkcaptionx/);
    assert.doesNotMatch(html, /<nav aria-label="Site"|<form/);
    const report = await validator.validateString(html);
    assert.ok(
      report.valid,
      JSON.stringify(report.results.flatMap((r) => r.messages.map((m) => m.message))),
    );
    const css = await (await visitor().get("/static/portfolio-export.css")).text();
    assert.match(css, /@media print/);
  });

  it("serves the cover only to those who may see the portfolio", async () => {
    const cover = await visitor().get(`${BASE}/cover.webp`);
    assert.equal(cover.status, 200);
    assert.equal(cover.headers.get("content-type"), "image/webp");
    const meta = await sharp(new Uint8Array(await cover.arrayBuffer())).metadata();
    assert.equal(meta.width, 64);
    const made = await owner.post(`${BASE}/edit`, {
      title: "Teaching 2026",
      slug: "teaching",
      audience: "private",
      layout: "grid",
    });
    assert.equal(made.status, 303);
    assert.equal((await visitor().get(`${BASE}/cover.webp`)).status, 404);
    assert.equal((await visitor().get(`${BASE}/export.zip`)).status, 404);
    assert.equal((await owner.get(`${BASE}/cover.webp`)).status, 200);
  });
});
