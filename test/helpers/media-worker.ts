// A job worker in its own process, as `OUTLOUD_ROLE=worker npm start` runs one,
// on the database and DATA_DIR given in the environment. The media test kills it.
import { openRuntime } from "../../src/boot.ts";
import { loadConfig } from "../../src/config.ts";

const runtime = await openRuntime(loadConfig(process.env), { migrate: false });
await runtime.startWorker();
process.stdout.write("worker ready\n");
