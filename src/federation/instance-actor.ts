import {
  type Context,
  exportJwk,
  type Federation,
  generateCryptoKeyPair,
  importJwk,
} from "@fedify/fedify";
import { Application, CryptographicKey } from "@fedify/fedify/vocab";
import type { Ctx } from "../domain/context.ts";
import { instanceActorUri, postgresKvStore } from "../domain/federation/index.ts";
import type { Signer } from "./safe-document-loader.ts";

/**
 * The instance actor: an `Application` that speaks for the server itself,
 * not for any member. It signs our fetches of other servers' documents
 * (servers with authorized fetch answer only signed GETs) and is the actor of
 * reports we forward, so the reporting member is never named to the other
 * server. Its RSA key pair is generated once and kept in the federation KV
 * store (PostgreSQL): the first process to store one wins, the others read it.
 */

/** Where it is (`instanceActorUri` in the domain names the same place). */
const INSTANCE_ACTOR_PATH = "/actor";

const KEYS = ["outloud", "instance-actor", "keys"] as const;

interface StoredPair {
  privateKey: JsonWebKey;
  publicKey: JsonWebKey;
}

interface InstanceKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

const loaded = new WeakMap<Ctx, Promise<InstanceKeys>>();

async function loadKeys(ctx: Ctx): Promise<InstanceKeys> {
  const kv = postgresKvStore(ctx);
  let stored = await kv.get<StoredPair>(KEYS);
  if (!stored) {
    const fresh = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
    const pair = {
      privateKey: await exportJwk(fresh.privateKey),
      publicKey: await exportJwk(fresh.publicKey),
    };
    // Only stored when nobody stored one first; then everyone reads the same pair.
    await kv.cas(KEYS, undefined, pair);
    stored = await kv.get<StoredPair>(KEYS);
    if (!stored) throw new Error("The instance actor's keys could not be kept");
  }
  return {
    privateKey: await importJwk(stored.privateKey, "private"),
    publicKey: await importJwk(stored.publicKey, "public"),
  };
}

function instanceKeys(ctx: Ctx): Promise<InstanceKeys> {
  let keys = loaded.get(ctx);
  if (!keys) {
    keys = loadKeys(ctx);
    keys.catch(() => loaded.delete(ctx));
    loaded.set(ctx, keys);
  }
  return keys;
}

const keyIdOf = (ctx: Ctx) => new URL(`${INSTANCE_ACTOR_PATH}#main-key`, ctx.config.publicUrl);

/** The key that signs as the instance actor (for a signed GET or a delivery). */
export async function instanceSigner(ctx: Ctx): Promise<Signer> {
  const { privateKey } = await instanceKeys(ctx);
  return { keyId: keyIdOf(ctx), privateKey };
}

/** The `Application` document at /actor. */
async function instanceActor(fed: Context<Ctx>): Promise<Application> {
  const ctx = fed.data;
  const id = new URL(instanceActorUri(ctx));
  // Named after the server, as Mastodon names its own (`acct:host@host`).
  const host = new URL(ctx.config.publicUrl).hostname;
  const { publicKey } = await instanceKeys(ctx);
  return new Application({
    id,
    preferredUsername: host,
    name: `Outloud at ${host}`,
    summary: "This server itself (it signs the server's requests and forwards reports).",
    url: new URL(ctx.config.publicUrl),
    // Servers expect every actor to have an inbox: the shared one.
    inbox: fed.getInboxUri(),
    manuallyApprovesFollowers: true,
    publicKey: new CryptographicKey({ id: keyIdOf(ctx), owner: id, publicKey }),
  });
}

/** Serves the instance actor at /actor (registered in federation.ts). */
export function setupInstanceActor(federation: Federation<Ctx>) {
  // Fedify's types ask for a path with a variable; its router takes a fixed one.
  const path = INSTANCE_ACTOR_PATH as `${string}{${string}}${string}`;
  federation.setObjectDispatcher(Application, path, (fed) => instanceActor(fed));
}
