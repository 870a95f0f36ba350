// The baseline for bench/pages.ts: the smallest Hono app on the same server
// adapter, so page figures read as a fraction of what the stack can do at best.
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const app = new Hono();
app.get("*", (c) => c.text("Hello world"));

const port = Number(process.env.PORT ?? 3001);
const server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" });
process.on("SIGTERM", () => server.close(() => process.exit(0)));
