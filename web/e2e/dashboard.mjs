// End to end in headless Chromium (Debian's, driven by playwright-core): log in with the token,
// play a motion, record, spawn an object and see it listed, stop recording, press Walk, see the
// base move in the state stream, press E-STOP, see the robot stop. Saves a screenshot at each
// step. Usage: node dashboard.mjs URL TOKEN SCREENSHOT_DIR [CHROMIUM]
// Prints a JSON summary; exit code 0 when every step passed.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [url, token, outDir, executable = "/usr/bin/chromium"] = process.argv.slice(2);
if (!url || !token || !outDir) {
  console.error("usage: node dashboard.mjs URL TOKEN SCREENSHOT_DIR [CHROMIUM]");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const result = { steps: [], screenshots: [] };
const browser = await chromium.launch({
  executablePath: executable,
  headless: true,
  args: ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
});
let code = 0;
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const shot = async (name) => {
    const file = join(outDir, `${name}.png`);
    await page.screenshot({ path: file });
    result.screenshots.push(file);
  };
  const number = async (id) => Number(await page.textContent(`#${id}`));
  const waitFor = async (what, predicate, timeoutMs) => {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (await predicate()) return;
      await page.waitForTimeout(100);
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  await page.goto(url);
  await page.fill("#token", token);
  await page.click("#login-button");
  await waitFor("the state stream", async () => Number.isFinite(await number("base-x")), 15000);
  await page.waitForTimeout(500);
  await shot("1-logged-in");
  const x0 = await number("base-x");
  result.steps.push({ step: "login", base_x_m: x0, mode: await page.textContent("#mode") });

  // Library: play a clip from the motion list, start recording, spawn the selected object and
  // wait for it in the list of spawned objects, stop recording.
  const answer = async () => (await page.textContent("#library")) ?? "";
  await waitFor("the motion list", async () => (await page.$("#play-wave")) !== null, 10000);
  await page.click("#play-wave");
  await waitFor("the clip to play", async () => (await answer()).includes('"accepted": "play"'), 5000);
  await page.click("#record");
  await waitFor("the recording to start", async () =>
    ((await page.textContent("#record-status")) ?? "").startsWith("recording"), 5000);
  result.steps.push({ step: "play+record", answer: await answer() });
  await waitFor("the object list", async () =>
    (await page.$$("#spawn-name option")).length > 0, 10000);
  await page.click("#spawn");
  await waitFor("the object in the world", async () =>
    ((await page.textContent("#spawned-list")) ?? "").includes("object_"), 40000);
  await page.waitForTimeout(1000);
  await shot("2-object-spawned");
  await page.click("#record");
  await waitFor("the episode", async () =>
    ((await page.textContent("#record-status")) ?? "").includes("last:"), 10000);
  result.steps.push({ step: "spawn+stop-recording",
    spawned: await page.textContent("#spawned-list"),
    recording: await page.textContent("#record-status") });

  const x0walk = await number("base-x");
  await page.click("#walk");
  await waitFor("the base to move 0.25 m", async () => (await number("base-x")) > x0walk + 0.25,
    15000);
  const x1 = await number("base-x");
  result.steps.push({ step: "walk", from_x_m: x0walk, base_x_m: x1,
    mode: await page.textContent("#mode") });
  await shot("3-walking");

  await page.click("#estop");
  await waitFor("the e-stop in the state stream", async () =>
    (await page.textContent("#estop-state")) === "E-STOPPED", 5000);
  // Stopped: a category-1 stop stands, lowers the robot to its rest posture, then the drives
  // go to damping; the page shows mode "damping" and a base slower than 5 cm/s.
  await waitFor("the robot to come to rest", async () => (await number("speed")) < 0.05 &&
    (await page.textContent("#mode")) === "damping", 20000);
  result.steps.push({ step: "estop", base_x_m: await number("base-x"),
    speed_mps: await number("speed"), mode: await page.textContent("#mode") });
  await shot("4-estopped");
  result.page_errors = errors;
  if (errors.length > 0) throw new Error(`page errors: ${errors.join("; ")}`);
} catch (e) {
  result.error = String(e?.message ?? e);
  code = 1;
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(code);
