// Saves a screenshot of the dashboard of a running `tianmu serve` (used by `tianmu demo --serve
// --headless`). Usage: node screenshot.mjs URL TOKEN FILE.png [CHROMIUM] [WAIT_MS]
import { chromium } from "playwright-core";

const [url, token, file, executable = "/usr/bin/chromium", waitMs = "1500"] = process.argv.slice(2);
if (!url || !token || !file) {
  console.error("usage: node screenshot.mjs URL TOKEN FILE.png [CHROMIUM] [WAIT_MS]");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: executable,
  headless: true,
  args: ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
});
let code = 0;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${url}#token=${encodeURIComponent(token)}`);
  await page.waitForFunction(
    () => Number.isFinite(Number(document.getElementById("base-x")?.textContent)),
    null,
    { timeout: 15000 },
  );
  await page.waitForTimeout(Number(waitMs));
  await page.screenshot({ path: file });
} catch (e) {
  console.error(`screenshot: ${e?.message ?? e}`);
  code = 1;
} finally {
  await browser.close();
}
process.exit(code);
