import { readFileSync } from "node:fs";
import type { Federation } from "@fedify/fedify";
import type { Ctx } from "../domain/context.ts";
import { instanceUsage } from "../domain/federation/index.ts";
import { registrationMode } from "../domain/settings.ts";
import { federationPaths } from "./paths.ts";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
};

/** NodeInfo 2.1: software, protocols, usage, and whether anyone may sign up. */
export function setupNodeInfo(federation: Federation<Ctx>) {
  federation.setNodeInfoDispatcher(federationPaths.nodeInfo, async (fed) => {
    const usage = await instanceUsage(fed.data);
    return {
      software: {
        name: "outloud",
        version: pkg.version,
        homepage: new URL(fed.data.config.publicUrl),
      },
      protocols: ["activitypub"],
      openRegistrations: (await registrationMode(fed.data)) === "open",
      usage: {
        users: { total: usage.members },
        localPosts: usage.localPosts,
        localComments: 0,
      },
    };
  });
}
