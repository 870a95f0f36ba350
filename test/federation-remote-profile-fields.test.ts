import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Collection, Hashtag, Person, PropertyValue } from "@fedify/fedify/vocab";
import { updateProfile } from "../src/domain/accounts/profile.ts";
import { createEntry } from "../src/domain/entries/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { lookupRemoteAccount } from "../src/federation/lookup.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { AS_CONTEXT, type FakeActor, FakeRemote } from "./helpers/fake-remote.ts";
import { type Instance, settle, startInstance } from "./helpers/federation.ts";

/** Remote actors' `PropertyValue` attachments and `featuredTags`, kept and shown. */
describe("remote profile fields and featured tags", () => {
  let a: Instance;
  let b: Instance;
  let remote: FakeRemote;
  let pia: FakeActor;
  let reader: CurrentUser;

  const stored = async (instance: Instance, uri: string) =>
    (
      await instance.runtime.database.sql<
        {
          id: string;
          profile_fields: { name: string; valueHtml: string }[];
          featured_tags: string[];
        }[]
      >`select id, profile_fields, featured_tags from actors where uri = ${uri}`
    )[0];

  /** Serves Pia's actor again with these attachments and featured tags. */
  async function servePia(fields: PropertyValue[], tags: string[]) {
    const json = await (
      await fetch(pia.id, { headers: { accept: "application/activity+json" } })
    ).json();
    const person = await Person.fromJsonLd(json);
    const collection = new URL(`${pia.id}/collections/tags`);
    await remote.serveObject(
      new Collection({
        id: collection,
        items: tags.map(
          (tag) => new Hashtag({ name: `#${tag}`, href: new URL(`${remote.origin}/tags/${tag}`) }),
        ),
      }),
    );
    const updated = person.clone({ attachments: fields, featuredTags: collection });
    await remote.serveObject(updated);
    return updated;
  }

  before(async () => {
    [a, b] = await Promise.all([startInstance(), startInstance()]);
    remote = await FakeRemote.start();
    pia = await remote.actor("pia");
    reader = await makeMember(a.runtime.ctx, "reader");
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close(), remote?.close()]);
  });

  it("keeps a remote actor's fields (sanitized) and featured tags, and shows them", async () => {
    await servePia(
      [
        new PropertyValue({
          name: "Website",
          value: '<a href="https://pia.example/" rel="me">pia.example</a>',
        }),
        new PropertyValue({
          name: "Hostile <b>name</b>",
          value:
            '<script>alert(1)</script><a href="javascript:alert(2)" onclick="alert(3)">click</a><img src="x" onerror="alert(4)">',
        }),
      ],
      ["Woodworking", "Sharpening"],
    );
    const id = await lookupRemoteAccount(a.runtime.ctx, pia.id);
    assert.ok(id);
    const row = await stored(a, pia.id);
    assert.deepEqual(row?.featured_tags, ["Woodworking", "Sharpening"]);
    assert.equal(row?.profile_fields.length, 2);
    assert.equal(row?.profile_fields[0]?.name, "Website");
    assert.match(row?.profile_fields[0]?.valueHtml ?? "", /<a href="https:\/\/pia\.example\/"/);
    const hostile = row?.profile_fields[1];
    assert.equal(hostile?.name, "Hostile name");
    assert.doesNotMatch(hostile?.valueHtml ?? "", /script|javascript:|onclick|onerror|alert/);

    const client = await signedInClient(a.runtime, reader);
    const page = await client.get(`/remote/${id}`);
    assert.equal(page.status, 200);
    const text = await page.text();
    assert.match(text, /<dt>Website<\/dt><dd><a href="https:\/\/pia\.example\/"/);
    assert.match(text, /<a href="\/tags\/woodworking">#Woodworking<\/a>/);
    assert.match(text, /#Sharpening/);
    assert.doesNotMatch(text, /<script>alert|javascript:alert|onclick=|onerror=/);
  });

  it("replaces them when the actor sends Update(Person)", async () => {
    const person = await servePia(
      [new PropertyValue({ name: "Pronouns", value: "she/her" })],
      ["Carving"],
    );
    const sent = await remote.send(pia, `${a.origin}/inbox`, {
      "@context": AS_CONTEXT,
      id: `${pia.id}#updates/1`,
      type: "Update",
      actor: pia.id,
      object: await person.toJsonLd({ format: "compact" }),
    });
    assert.equal(sent.status, 202);
    await settle(a);
    const row = await stored(a, pia.id);
    assert.deepEqual(row?.profile_fields, [{ name: "Pronouns", valueHtml: "she/her" }]);
    assert.deepEqual(row?.featured_tags, ["Carving"]);
  });

  it("reads another Outloud's member's links and featured tags", async () => {
    const alice = await makeMember(b.runtime.ctx, "alice");
    await updateProfile(b.runtime.ctx, alice, {
      displayName: "Alice",
      headline: "",
      bio: "",
      locale: "en",
      links: [{ label: "Portfolio", url: "https://alice.example/work" }],
    });
    await createEntry(b.runtime.ctx, alice, {
      kind: "note",
      body: "Planing a board #Woodworking",
      audience: "public",
    });
    const id = await lookupRemoteAccount(a.runtime.ctx, `@alice@${b.host}`);
    assert.ok(id);
    const row = await stored(a, `${b.origin}/@alice`);
    assert.equal(row?.profile_fields[0]?.name, "Portfolio");
    assert.match(row?.profile_fields[0]?.valueHtml ?? "", /href="https:\/\/alice\.example\/work"/);
    assert.deepEqual(row?.featured_tags, ["Woodworking"]);
  });
});
