// Runs the stand-in's restore (the inputs arrive as INPUT_* like any node action's).
const r = require("child_process").spawnSync("python3", [process.env.HARNESS_STANDINS + "/standin.py", "cache-main"], { stdio: "inherit" });
process.exit(r.status === null ? 1 : r.status);
