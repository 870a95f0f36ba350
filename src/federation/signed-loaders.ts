import type { DocumentLoader } from "@fedify/fedify";
import type { Ctx } from "../domain/context.ts";
import { freshDocumentLoader } from "./safe-document-loader.ts";

/**
 * Loaders for a fetch of a post or an account that we act on now (a lookup
 * someone waits on, a shared post to bring home): fresh (what the server says
 * now), through the SSRF guard, each GET signed as the instance actor so
 * servers with authorized fetch answer (as remote outbox reads are).
 */
export function signedLoaders(ctx: Ctx, contextLoader: DocumentLoader) {
  return {
    documentLoader: freshDocumentLoader(ctx),
    contextLoader,
  };
}
