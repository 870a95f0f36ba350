import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RULES, runRules } from "../src/domain/coach/index.ts";
import type { Draft, Finding, Reach, RuleId } from "../src/domain/coach/types.ts";

const NOBODY: Reach = { followers: 0, remoteFollowers: 0, servers: 0 };

function draft(fields: Partial<Draft> = {}): Draft {
  return {
    kind: "note",
    title: "",
    body: "",
    linkUrl: "",
    tags: "learning",
    audience: "public",
    language: "",
    media: [],
    ...fields,
  };
}

function findings(fields: Partial<Draft>, reach = NOBODY, off: RuleId[] = []): Finding[] {
  return runRules(draft(fields), reach, new Set(off));
}

function fired(fields: Partial<Draft>, rule: RuleId): Finding | undefined {
  return findings(fields).find((f) => f.rule === rule);
}

/** Each body must make `rule` fire (or not) on an otherwise quiet public entry. */
function fixtures(
  rule: RuleId,
  positives: string[],
  negatives: string[],
  extra: Partial<Draft> = {},
) {
  for (const body of positives) {
    test(`fires on ${JSON.stringify(body)}`, () => {
      assert.ok(fired({ body, ...extra }, rule), `${rule} should fire`);
    });
  }
  for (const body of negatives) {
    test(`does not fire on ${JSON.stringify(body)}`, () => {
      assert.equal(fired({ body, ...extra }, rule), undefined, `${rule} should stay quiet`);
    });
  }
}

describe("personal-email", () => {
  fixtures(
    "personal-email",
    ["Write to me at ada.lovelace@example.org about it", "Contact: jo+course@uni.example.ac.uk."],
    [
      "The project lives at example.org and docs at docs.example.org",
      "Thanks @alice@example.org for the pointer",
      "Thanks @bob for the review",
      "See https://user@example.org/path for details",
    ],
  );
  test("is a stop-and-confirm finding quoting the address", () => {
    const finding = fired({ body: "mail ada@example.org" }, "personal-email");
    assert.equal(finding?.severity, "confirm");
    assert.match(finding?.reason ?? "", /ada@example\.org/);
  });
  test("is not checked in a private entry", () => {
    assert.equal(
      fired({ body: "ada@example.org", audience: "private" }, "personal-email"),
      undefined,
    );
  });
  test("reads photo alt text too", () => {
    const media = [
      { id: "m", kind: "image" as const, alt: "A card with ada@example.org", transcript: "" },
    ];
    assert.ok(fired({ body: "My card", media }, "personal-email"));
  });
});

describe("personal-phone", () => {
  fixtures(
    "personal-phone",
    ["Call me at (415) 555-2671 tonight", "Ring +44 20 7946 0958 any time"],
    [
      "Upgraded to v2.10.3 today",
      "We met on 2024-05-01 and again on 12.05.2024",
      "ISBN 978-3-16-148410-0 is the book",
      "Read pages 120-1234 of the manual",
      "It costs 1,234,567 euros",
    ],
  );
  test("reads national numbers in the region of the entry's language", () => {
    assert.ok(fired({ body: "Ligue 11 98765-4321", language: "pt-BR" }, "personal-phone"));
  });
});

describe("personal-address", () => {
  fixtures(
    "personal-address",
    [
      "We moved to 221 Baker Street last week",
      "Office: 12 rue de la Paix, Paris",
      "Treffpunkt Hauptstraße 5 in Berlin",
      "Moramos na Rua Augusta 120",
      "Our studio at Prinsengracht 263",
    ],
    [
      "I read 3 books on the road",
      "Chapter 5 Road Map is next",
      "Street photography, day 12",
      "We walked 10 km along the main street",
    ],
  );
});

describe("personal-id-number", () => {
  fixtures(
    "personal-id-number",
    [
      "Pay to DE89 3704 0044 0532 0130 00 please",
      "Card 4111 1111 1111 1111 was charged",
      "My SSN 123-45-6789 was on the form",
    ],
    [
      "Reference DE89 3704 0044 0532 0130 01 is invalid",
      "Order 4111 1111 1111 1112 shipped",
      "Version 2.10.3 of the tool",
      "Call 000-12-3456 is not a number",
    ],
  );
});

describe("tracking-links", () => {
  const body = "Read https://example.org/post?utm_source=x&id=7&fbclid=abc#part today";
  fixtures(
    "tracking-links",
    [
      body,
      "https://www.youtube.com/watch?v=abc&si=XYZ",
      "see https://shop.example/item?gclid=1",
      "https://example.org/?mc_eid=1&igshid=2",
    ],
    [
      "https://example.org/search?q=si&page=2",
      "https://example.org/post?id=7#utm_source",
      "No links at all, utm_source=x in prose",
      "https://example.org/page?si=keep",
    ],
  );
  test("its fix puts the clean link in the body, everything else kept", () => {
    const fix = fired({ body }, "tracking-links")?.fix;
    assert.equal(fix?.fields.body, "Read https://example.org/post?id=7#part today");
  });
  test("cleans the Link URL field too", () => {
    const fix = fired(
      { linkUrl: "https://example.org/a?utm_medium=social" },
      "tracking-links",
    )?.fix;
    assert.equal(fix?.fields.linkUrl, "https://example.org/a");
  });
});

describe("hashtag-case", () => {
  fixtures(
    "hashtag-case",
    ["Notes on #learningdesign", "Today: #opensource #remotework"],
    [
      "#COVID19 notes",
      "#LearningDesign rocks",
      "#design is short",
      "#qwertyuiop is not words",
      "#covid19",
    ],
    { tags: "" },
  );
  test("suggests capitals and its fix edits the body and the tag field", () => {
    const finding = fired(
      { body: "On #learningdesign.", tags: "learningdesign, ux" },
      "hashtag-case",
    );
    assert.match(finding?.reason ?? "", /#LearningDesign/);
    assert.equal(finding?.fix?.fields.body, "On #LearningDesign.");
    assert.equal(finding?.fix?.fields.tags, "LearningDesign, ux");
  });
});

describe("too-many-hashtags", () => {
  fixtures(
    "too-many-hashtags",
    ["#a1 #b2 #c3 #d4 #e5 #f6"],
    ["#a1 #b2 #c3 #d4 #e5", "#a1 #A1 #b2 #c3 #d4 #e5"],
    { tags: "" },
  );
});

describe("no-tags", () => {
  fixtures("no-tags", ["Just some words"], ["Words with a #tag"], { tags: "" });
  test("a tag in the Tags field is enough", () => {
    assert.equal(fired({ body: "Hello", tags: "design" }, "no-tags"), undefined);
  });
  test("only public entries", () => {
    assert.equal(fired({ body: "Hello", tags: "", audience: "followers" }, "no-tags"), undefined);
  });
});

describe("shouting", () => {
  fixtures(
    "shouting",
    ["THIS IS THE BEST WORKSHOP I HAVE EVER BEEN TO", "WHY DOES NOBODY READ THE DOCS?!"],
    [
      "NASA and the EU fund OER work in the UK",
      "OMG YES",
      "Read https://EXAMPLE.ORG/ABCDEFGHIJKLMNOPQRSTUVWXYZ today",
      "Great session on #ACCESSIBILITYMATTERS today",
    ],
  );
});

describe("bare-link", () => {
  fixtures(
    "bare-link",
    ["https://example.org/article", "  https://example.org/article.  "],
    [
      "Worth reading: https://example.org/article",
      "https://example.org/article explains caching well",
    ],
  );
});

describe("private-mentions", () => {
  fixtures(
    "private-mentions",
    ["Thanks @bob", "cc @alice@example.org"],
    ["mail me at bob@example.org", "no one"],
    {
      audience: "private",
    },
  );
  test("only in private entries", () => {
    assert.equal(fired({ body: "Thanks @bob" }, "private-mentions"), undefined);
  });
});

describe("reply-audience", () => {
  test("stops a reply that reaches further than the post it answers", () => {
    const found = fired(
      { audience: "public", replyTo: { audience: "followers" } },
      "reply-audience",
    );
    assert.equal(found?.severity, "confirm");
    assert.match(found?.reason ?? "", /for followers only/);
    assert.ok(fired({ audience: "followers", replyTo: { audience: "direct" } }, "reply-audience"));
    assert.ok(fired({ audience: "unlisted", replyTo: { audience: "private" } }, "reply-audience"));
  });
  test("stays quiet for the same or a smaller audience, and for entries that reply to nothing", () => {
    for (const audience of ["followers", "direct", "private"] as const) {
      assert.equal(
        fired({ audience, replyTo: { audience: "followers" } }, "reply-audience"),
        undefined,
      );
    }
    assert.equal(
      fired({ audience: "public", replyTo: { audience: "public" } }, "reply-audience"),
      undefined,
    );
    assert.equal(fired({ audience: "public", replyTo: null }, "reply-audience"), undefined);
    assert.equal(fired({ audience: "public" }, "reply-audience"), undefined);
  });
});

describe("document-photo", () => {
  const photo = (alt: string) => [{ id: "m", kind: "image" as const, alt, transcript: "" }];
  test("fires on a public photo whose alt text names a document", () => {
    assert.ok(
      fired({ body: "Finally!", media: photo("My new passport on the table") }, "document-photo"),
    );
    assert.ok(
      fired({ body: "Signed the contract today", media: photo("A desk") }, "document-photo"),
    );
    assert.ok(fired({ body: "x", media: photo("Payslip for May") }, "document-photo"));
  });
  test("does not fire without the keywords, without a photo, or in a smaller audience", () => {
    assert.equal(
      fired({ body: "x", media: photo("A sunset over the bay") }, "document-photo"),
      undefined,
    );
    assert.equal(fired({ body: "My passport arrived" }, "document-photo"), undefined);
    assert.equal(
      fired({ body: "x", audience: "followers", media: photo("passport") }, "document-photo"),
      undefined,
    );
    assert.equal(
      fired({ body: "x", media: photo("Contractors at work") }, "document-photo"),
      undefined,
    );
  });
});

describe("media-description", () => {
  test("photos without alt text, audio without transcript, video without either", () => {
    const media = [
      { id: "1", kind: "image" as const, alt: " ", transcript: "" },
      { id: "2", kind: "audio" as const, alt: "A talk", transcript: "" },
      { id: "3", kind: "video" as const, alt: "", transcript: "" },
    ];
    const found = findings({ body: "x", media }).filter((f) => f.rule === "media-description");
    assert.equal(found.length, 3);
    assert.match(found[0]?.reason ?? "", /photo has no alt text/);
    assert.match(found[1]?.reason ?? "", /audio file has no transcript/);
    assert.match(found[2]?.reason ?? "", /no description and no transcript/);
  });
  test("described files pass", () => {
    const media = [
      { id: "1", kind: "image" as const, alt: "A chart of my week", transcript: "" },
      { id: "2", kind: "audio" as const, alt: "", transcript: "Hello and welcome" },
      { id: "3", kind: "video" as const, alt: "A demo", transcript: "In this demo…" },
    ];
    assert.equal(fired({ body: "x", media }, "media-description"), undefined);
  });
});

describe("audience-preview", () => {
  const preview = (fields: Partial<Draft>, reach = NOBODY) =>
    runRules(draft(fields), reach, new Set()).find((f) => f.rule === "audience-preview")?.reason ??
    "";
  test("public: followers, the web, search engines, RSS; other servers may fetch it without remote followers", () => {
    const text = preview({ body: "x" }, { followers: 3, remoteFollowers: 0, servers: 0 });
    assert.match(text, /your 3 followers/);
    assert.match(text, /anyone on the web/);
    assert.match(text, /search engines/);
    assert.match(text, /RSS readers/);
    assert.match(text, /Other fediverse servers can fetch it too/);
  });
  test("with remote followers: the servers, and copies that cannot be recalled", () => {
    const text = preview({ body: "x" }, { followers: 38, remoteFollowers: 30, servers: 12 });
    assert.match(text, /your 38 followers \(30 of them on 12 other servers\)/);
    assert.match(
      text,
      /^(?!.*can fetch it too).*Copies sent to other servers cannot be fully recalled/,
    );
  });
  test("unlisted, followers, private", () => {
    assert.match(preview({ audience: "unlisted" }), /anyone with the link/);
    assert.match(
      preview({ audience: "followers" }, { followers: 1, remoteFollowers: 0, servers: 0 }),
      /only your 1 follower\b/,
    );
    const own = preview({ audience: "private" });
    assert.match(own, /only you/);
    assert.doesNotMatch(own, /recalled/);
  });
  test("cannot be turned off", () => {
    const all = RULES.map((r) => r.id);
    const left = runRules(draft({ body: "x", tags: "" }), NOBODY, new Set(all));
    assert.deepEqual(
      left.map((f) => f.rule),
      ["audience-preview"],
    );
  });
});

describe("turning rules off", () => {
  test("a turned-off rule never fires, the others still do", () => {
    const fields = { body: "Mail ada@example.org", tags: "" };
    assert.ok(findings(fields).some((f) => f.rule === "personal-email"));
    const left = findings(fields, NOBODY, ["personal-email"]);
    assert.equal(
      left.find((f) => f.rule === "personal-email"),
      undefined,
    );
    assert.ok(left.some((f) => f.rule === "no-tags"));
  });
  test("findings come stop-and-confirm first", () => {
    const list = findings({ body: "Mail ada@example.org", tags: "" });
    assert.equal(list[0]?.severity, "confirm");
  });
});
