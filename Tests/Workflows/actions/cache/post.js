// Runs the stand-in's save (post step) (the inputs arrive as INPUT_* like any node action's).
const r = require("child_process").spawnSync("python3", [process.env.HARNESS_STANDINS + "/standin.py", "cache-post"], { stdio: "inherit" });
process.exit(r.status === null ? 1 : r.status);
