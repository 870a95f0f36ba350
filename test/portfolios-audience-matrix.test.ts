import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createEntry } from "../src/domain/entries/index.ts";
import { follow } from "../src/domain/follows.ts";
import {
  addItem,
  createPortfolio,
  createShareLink,
  revokeShareLink,
  updatePortfolio,
} from "../src/domain/portfolios/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { pdfText, unzip } from "./helpers/portfolio-exports.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/**
 * The audience matrix for portfolios: portfolio audience × entry audience ×
 * viewer × channel. Each cell is written out below; the loop only reads it.
 *
 * Viewers: anonymous, a follower of the author, a stranger (signed in, not
 * following), the author, and three anonymous visitors holding a share link
 * of the portfolio: valid, revoked, expired.
 *
 * Cells, in order: the portfolio page (`/@ada/portfolios/<slug>`, or the
 * share link `/s/<token>`), the entry's own permalink, the portfolio's feeds
 * (Atom, RSS, JSON Feed), and its exports (print page, PDF, zip) — for share
 * links, the exports under the link. "Y" = 200 with the entry's marker,
 * "-" = 404 (or, for a feed that exists, no marker).
 *
 * The rule read off the table: inside a portfolio an entry is seen by whoever
 * may see the portfolio; its permalink keeps the entry's own audience.
 */
const AUDIENCES = ["public", "unlisted", "followers", "private"] as const;
type Audience = (typeof AUDIENCES)[number];
const VIEWERS = [
  "anonymous",
  "follower",
  "stranger",
  "author",
  "share",
  "revoked",
  "expired",
] as const;
type ViewerName = (typeof VIEWERS)[number];
const COLUMNS = ["page", "permalink", "feed", "export"] as const;
type Column = (typeof COLUMNS)[number];

// EXPECTED[portfolio audience][entry audience][viewer] = "page permalink feed export"
const EXPECTED: Record<Audience, Record<Audience, Record<ViewerName, string>>> = {
  public: {
    public: {
      anonymous: "Y Y Y Y",
      follower: "Y Y Y Y",
      stranger: "Y Y Y Y",
      author: "Y Y Y Y",
      share: "Y Y Y Y",
      revoked: "- Y Y -",
      expired: "- Y Y -",
    },
    unlisted: {
      anonymous: "Y Y Y Y",
      follower: "Y Y Y Y",
      stranger: "Y Y Y Y",
      author: "Y Y Y Y",
      share: "Y Y Y Y",
      revoked: "- Y Y -",
      expired: "- Y Y -",
    },
    followers: {
      anonymous: "Y - Y Y",
      follower: "Y Y Y Y",
      stranger: "Y - Y Y",
      author: "Y Y Y Y",
      share: "Y - Y Y",
      revoked: "- - Y -",
      expired: "- - Y -",
    },
    private: {
      anonymous: "Y - Y Y",
      follower: "Y - Y Y",
      stranger: "Y - Y Y",
      author: "Y Y Y Y",
      share: "Y - Y Y",
      revoked: "- - Y -",
      expired: "- - Y -",
    },
  },
  unlisted: {
    public: {
      anonymous: "Y Y - Y",
      follower: "Y Y - Y",
      stranger: "Y Y - Y",
      author: "Y Y - Y",
      share: "Y Y - Y",
      revoked: "- Y - -",
      expired: "- Y - -",
    },
    unlisted: {
      anonymous: "Y Y - Y",
      follower: "Y Y - Y",
      stranger: "Y Y - Y",
      author: "Y Y - Y",
      share: "Y Y - Y",
      revoked: "- Y - -",
      expired: "- Y - -",
    },
    followers: {
      anonymous: "Y - - Y",
      follower: "Y Y - Y",
      stranger: "Y - - Y",
      author: "Y Y - Y",
      share: "Y - - Y",
      revoked: "- - - -",
      expired: "- - - -",
    },
    private: {
      anonymous: "Y - - Y",
      follower: "Y - - Y",
      stranger: "Y - - Y",
      author: "Y Y - Y",
      share: "Y - - Y",
      revoked: "- - - -",
      expired: "- - - -",
    },
  },
  followers: {
    public: {
      anonymous: "- Y - -",
      follower: "Y Y - Y",
      stranger: "- Y - -",
      author: "Y Y - Y",
      share: "Y Y - Y",
      revoked: "- Y - -",
      expired: "- Y - -",
    },
    unlisted: {
      anonymous: "- Y - -",
      follower: "Y Y - Y",
      stranger: "- Y - -",
      author: "Y Y - Y",
      share: "Y Y - Y",
      revoked: "- Y - -",
      expired: "- Y - -",
    },
    followers: {
      anonymous: "- - - -",
      follower: "Y Y - Y",
      stranger: "- - - -",
      author: "Y Y - Y",
      share: "Y - - Y",
      revoked: "- - - -",
      expired: "- - - -",
    },
    private: {
      anonymous: "- - - -",
      follower: "Y - - Y",
      stranger: "- - - -",
      author: "Y Y - Y",
      share: "Y - - Y",
      revoked: "- - - -",
      expired: "- - - -",
    },
  },
  private: {
    public: {
      anonymous: "- Y - -",
      follower: "- Y - -",
      stranger: "- Y - -",
      author: "Y Y - Y",
      share: "Y Y - Y",
      revoked: "- Y - -",
      expired: "- Y - -",
    },
    unlisted: {
      anonymous: "- Y - -",
      follower: "- Y - -",
      stranger: "- Y - -",
      author: "Y Y - Y",
      share: "Y Y - Y",
      revoked: "- Y - -",
      expired: "- Y - -",
    },
    followers: {
      anonymous: "- - - -",
      follower: "- Y - -",
      stranger: "- - - -",
      author: "Y Y - Y",
      share: "Y - - Y",
      revoked: "- - - -",
      expired: "- - - -",
    },
    private: {
      anonymous: "- - - -",
      follower: "- - - -",
      stranger: "- - - -",
      author: "Y Y - Y",
      share: "Y - - Y",
      revoked: "- - - -",
      expired: "- - - -",
    },
  },
};

function expectation(portfolio: Audience, entry: Audience, viewer: ViewerName, column: Column) {
  const cells = EXPECTED[portfolio][entry][viewer].split(" ");
  assert.equal(cells.length, COLUMNS.length);
  return cells[COLUMNS.indexOf(column)] === "Y";
}

/** "Y": 200 with the marker; "-": 404 without it. */
function check(
  visible: boolean,
  answer: { status: number; text: string },
  marker: string,
  cell: string,
) {
  assert.equal(answer.status, visible ? 200 : 404, cell);
  assert.equal(
    answer.text.includes(marker),
    visible,
    `${cell}: ${visible ? "shows" : "leaks"} the entry`,
  );
}

/** A word found only in this entry (title and body). */
const marker = (portfolio: Audience, entry: Audience) => `mk${portfolio}${entry}x`;
const DAY = 86_400_000;

describe("the portfolio audience matrix", () => {
  let runtime: TestRuntime;
  let clock = new Date("2026-03-01T10:00:00Z");
  let ada: CurrentUser;
  const clients = {} as Record<"anonymous" | "follower" | "stranger" | "author", TestClient>;
  const entryIds = {} as Record<Audience, Record<Audience, string>>;
  const tokens = {} as Record<Audience, Record<"share" | "revoked" | "expired", string>>;

  before(async () => {
    runtime = await startTestRuntime({}, { now: () => clock });
    const ctx = runtime.ctx;
    ada = await makeMember(ctx, "ada");
    const fay = await makeMember(ctx, "fay");
    const sam = await makeMember(ctx, "sam");
    await follow(ctx, fay, { handle: "ada" });
    clients.anonymous = new TestClient(runtime.app);
    clients.follower = await signedInClient(runtime, fay);
    clients.stranger = await signedInClient(runtime, sam);
    clients.author = await signedInClient(runtime, ada);
    for (const pa of AUDIENCES) {
      const slug = `p-${pa}`;
      const created = await createPortfolio(ctx, ada, { title: `Portfolio ${pa}`, slug });
      const [section] = await runtime.database.sql<{ id: string }[]>`
        select id from portfolio_sections where portfolio_id = ${created.id}`;
      entryIds[pa] = {} as Record<Audience, string>;
      for (const ea of AUDIENCES) {
        const words = marker(pa, ea);
        const entry = await createEntry(ctx, ada, {
          kind: "article",
          title: `Title ${words}`,
          body: `Body of ${words}`,
          audience: ea,
          action: "publish",
        });
        entryIds[pa][ea] = entry.id;
        await addItem(ctx, ada, slug, {
          entryId: entry.id,
          sectionId: section?.id ?? "",
          confirm: true,
        });
      }
      const link = async (label: string, expiresInDays = "") =>
        createShareLink(ctx, ada, slug, { label, expiresInDays, confirm: true });
      const share = await link("valid");
      const revoked = await link("revoked");
      await revokeShareLink(ctx, ada, slug, revoked.id);
      const expired = await link("expired", "1");
      tokens[pa] = { share: share.token, revoked: revoked.token, expired: expired.token };
      await updatePortfolio(ctx, ada, slug, {
        title: `Portfolio ${pa}`,
        slug,
        audience: pa,
        confirm: true,
      });
    }
    // Two days later: the one-day links have expired.
    clock = new Date(clock.getTime() + 2 * DAY);
  });
  after(() => runtime?.close());

  function clientFor(viewer: ViewerName): TestClient {
    return viewer in clients ? clients[viewer as keyof typeof clients] : clients.anonymous;
  }

  /** Where the viewer opens the portfolio (and its exports). */
  function base(portfolio: Audience, viewer: ViewerName): string {
    if (viewer === "share" || viewer === "revoked" || viewer === "expired") {
      return `/s/${tokens[portfolio][viewer]}`;
    }
    return `/@ada/portfolios/p-${portfolio}`;
  }

  async function page(portfolio: Audience, viewer: ViewerName) {
    const response = await clientFor(viewer).get(base(portfolio, viewer));
    return { status: response.status, text: await response.text() };
  }

  async function exports(portfolio: Audience, viewer: ViewerName) {
    const root = base(portfolio, viewer);
    const client = clientFor(viewer);
    const print = await client.get(`${root}/print`);
    const pdf = await client.get(`${root}/export.pdf`);
    const zip = await client.get(`${root}/export.zip`);
    const texts = [
      await print.text(),
      pdf.status === 200 ? pdfText(new Uint8Array(await pdf.arrayBuffer())) : await pdf.text(),
      zip.status === 200
        ? [...unzip(new Uint8Array(await zip.arrayBuffer())).values()].join("\n")
        : await zip.text(),
    ];
    return { statuses: [print.status, pdf.status, zip.status], texts };
  }

  async function feeds(portfolio: Audience, viewer: ViewerName) {
    const client = clientFor(viewer);
    return Promise.all(
      ["atom", "rss", "json"].map(async (format) => {
        const response = await client.get(`/@ada/portfolios/p-${portfolio}/feed.${format}`);
        return { status: response.status, text: await response.text() };
      }),
    );
  }

  for (const pa of AUDIENCES) {
    for (const viewer of VIEWERS) {
      it(`${pa} portfolio, ${viewer}`, async () => {
        const shown = await page(pa, viewer);
        const exported = await exports(pa, viewer);
        const feed = await feeds(pa, viewer);
        for (const ea of AUDIENCES) {
          const words = marker(pa, ea);
          const cell = `${pa} portfolio × ${ea} entry × ${viewer}`;

          check(expectation(pa, ea, viewer, "page"), shown, words, `${cell}: page`);
          const own = await clientFor(viewer).get(`/@ada/${entryIds[pa][ea]}`);
          const permalink = { status: own.status, text: await own.text() };
          check(expectation(pa, ea, viewer, "permalink"), permalink, words, `${cell}: permalink`);
          for (const [i, format] of ["atom", "rss", "json"].entries()) {
            const f = feed[i] ?? { status: 0, text: "" };
            check(expectation(pa, ea, viewer, "feed"), f, words, `${cell}: ${format} feed`);
          }
          for (const [i, kind] of ["print", "pdf", "zip"].entries()) {
            const answer = { status: exported.statuses[i] ?? 0, text: exported.texts[i] ?? "" };
            check(expectation(pa, ea, viewer, "export"), answer, words, `${cell}: ${kind} export`);
          }
        }
        // Nothing of another portfolio ever shows through this one.
        for (const other of AUDIENCES.filter((a) => a !== pa)) {
          for (const ea of AUDIENCES) {
            assert.ok(!shown.text.includes(marker(other, ea)), `${pa} page shows ${other}'s entry`);
          }
        }
      });
    }
  }
});
