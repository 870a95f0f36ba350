import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  generateCryptoKeyPair,
  getDocumentLoader,
  signRequest,
  verifyRequest,
} from "@fedify/fedify";
import {
  type Object as APObject,
  CryptographicKey,
  Endpoints,
  Image,
  Person,
} from "@fedify/fedify/vocab";

/** An account on a fake remote server: its ActivityPub id and its signing key. */
export interface FakeActor {
  id: string;
  keyId: string;
  inbox: string;
  privateKey: CryptoKey;
}

export interface SendOptions {
  /** Sign with someone else's key (the activity still names its own actor). */
  signAs?: FakeActor;
  /** The Date header (signed); now by default. */
  date?: Date;
  /** A body sent in place of the signed one (its Digest no longer matches). */
  replaceBody?: string;
}

/**
 * A minimal fediverse server on loopback for inbox tests: it serves actor
 * documents (with RSA keys and `alsoKnownAs`) and any object the test puts
 * there, records what is delivered to it, and sends activities signed with
 * Fedify's `signRequest` (draft-cavage, as Mastodon does), so the receiving
 * Outloud verifies real signatures against keys it fetches from here.
 */
export class FakeRemote {
  readonly origin: string;
  readonly host: string;
  /** Activities delivered to any inbox here, as JSON. */
  readonly received: Record<string, unknown>[] = [];
  /**
   * Every request here, with the keyId of its HTTP Signature when started with
   * `verifySignatures` and it verifies (the signer's key fetched from its server), else null.
   */
  readonly requests: { method: string; url: string; keyId: string | null }[] = [];
  readonly #server: http.Server;
  readonly #documents = new Map<string, string>();
  readonly #gone = new Set<string>();
  readonly #signedOnly = new Set<string>();

  private constructor(server: http.Server, origin: string) {
    this.#server = server;
    this.origin = origin;
    this.host = new URL(origin).host;
  }

  /** Whether requests' signatures are checked (for `requests` and `requireSignature`). */
  #verify = false;

  /** `verifySignatures`: check each request's HTTP Signature (fetching the signer's key). */
  static async start(options: { verifySignatures?: boolean } = {}): Promise<FakeRemote> {
    let remote: FakeRemote | null = null;
    const server = http.createServer((req, res) => remote?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    remote = new FakeRemote(server, `http://127.0.0.1:${port}`);
    remote.#verify = options.verifySignatures ?? false;
    return remote;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", this.origin).href;
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      this.respond(req, res, url, body).catch(() => res.writeHead(500).end());
    });
  }

  /** The keyId of a request's valid HTTP Signature, or null (none, or it does not verify). */
  private async verifiedKeyId(req: http.IncomingMessage, url: string, body: string) {
    if (!this.#verify || (!req.headers.signature && !req.headers["signature-input"])) return null;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    const method = req.method ?? "GET";
    const request = new Request(url, { method, headers, body: method === "GET" ? null : body });
    const loader = getDocumentLoader({ allowPrivateAddress: true });
    const key = await verifyRequest(request, { documentLoader: loader, contextLoader: loader });
    return key?.id?.href ?? null;
  }

  private async respond(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: string,
    body: string,
  ) {
    const keyId = await this.verifiedKeyId(req, url, body).catch(() => null);
    this.requests.push({ method: req.method ?? "GET", url, keyId });
    if (req.method === "POST") {
      try {
        this.received.push(JSON.parse(body));
      } catch {
        // Not JSON: nothing to record.
      }
      res.writeHead(202).end();
      return;
    }
    if (this.#signedOnly.has(url) && !keyId) {
      res.writeHead(401).end();
      return;
    }
    const document = this.#documents.get(url);
    if (this.#gone.has(url)) {
      res.writeHead(410).end();
      return;
    }
    if (!document) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/activity+json" }).end(document);
  }

  /** Serves `json` (an object's JSON-LD) at its own `id`. */
  serve(json: Record<string, unknown>) {
    this.#documents.set(String(json.id), JSON.stringify(json));
  }

  /** Answers `url` only to a GET with a valid HTTP Signature (authorized fetch), else 401. */
  requireSignature(url: string) {
    this.#signedOnly.add(url);
  }

  /** Answers 410 Gone at `url` from now on (a deleted account or post). */
  gone(url: string) {
    this.#gone.add(url);
  }

  /** Serves a Fedify vocabulary object at its id. */
  async serveObject(object: APObject) {
    this.serve((await object.toJsonLd({ format: "compact" })) as Record<string, unknown>);
  }

  /** Makes an account here (a `Person` with an RSA key), optionally with other identities. */
  async actor(name: string, options: { alsoKnownAs?: string[] } = {}): Promise<FakeActor> {
    const id = `${this.origin}/users/${name}`;
    const keys = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
    const person = new Person({
      id: new URL(id),
      preferredUsername: name,
      name: `${name} Remote`,
      inbox: new URL(`${id}/inbox`),
      followers: new URL(`${id}/followers`),
      endpoints: new Endpoints({ sharedInbox: new URL(`${this.origin}/inbox`) }),
      publicKey: new CryptographicKey({
        id: new URL(`${id}#main-key`),
        owner: new URL(id),
        publicKey: keys.publicKey,
      }),
      aliases: (options.alsoKnownAs ?? []).map((uri) => new URL(uri)),
      icon: new Image({
        url: new URL(`${this.origin}/avatars/${name}.png`),
        mediaType: "image/png",
      }),
    });
    await this.serveObject(person);
    return { id, keyId: `${id}#main-key`, inbox: `${id}/inbox`, privateKey: keys.privateKey };
  }

  /** An inbox POST of an activity, signed as its actor (or as `signAs`), not sent yet. */
  async sign(
    from: FakeActor,
    inbox: string,
    activity: Record<string, unknown>,
    options: SendOptions = {},
  ): Promise<SignedPost> {
    const body = JSON.stringify(activity);
    const headers: Record<string, string> = { "content-type": "application/activity+json" };
    if (options.date) headers.date = options.date.toUTCString();
    const request = new Request(inbox, { method: "POST", headers, body });
    const signer = options.signAs ?? from;
    const signed = await signRequest(request, signer.privateKey, new URL(signer.keyId));
    return {
      url: signed.url,
      headers: [...signed.headers.entries()],
      body: options.replaceBody ?? body,
    };
  }

  /** POSTs an activity to an inbox, signed as its actor (or as `signAs`). */
  async send(
    from: FakeActor,
    inbox: string,
    activity: Record<string, unknown>,
    options: SendOptions = {},
  ): Promise<{ status: number; text: string }> {
    return deliver(await this.sign(from, inbox, activity, options));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

/** A signed inbox POST, kept so a test can send it again byte for byte (a replay). */
export interface SignedPost {
  url: string;
  headers: [string, string][];
  body: string;
}

export async function deliver(post: SignedPost): Promise<{ status: number; text: string }> {
  const response = await fetch(post.url, {
    method: "POST",
    headers: post.headers,
    body: post.body,
  });
  return { status: response.status, text: await response.text() };
}

/** The ActivityStreams context plus the extensions Mastodon-like servers use. */
export const AS_CONTEXT = [
  "https://www.w3.org/ns/activitystreams",
  { Hashtag: "as:Hashtag", sensitive: "as:sensitive" },
];

export const PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
