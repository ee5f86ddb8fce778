// The auditor console in a real browser: signs in (a wrong token first), checks the summary
// against the API, filters the calls, opens a call whose card text holds HTML and checks that it
// shows as text, and fails on any page error or console error. Screenshots go to --out.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer from "puppeteer-core";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith("--") ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), [])
);
const TOKEN = "console-test-token-0123456789abcdef0123456789";
const INJECTED = '<script>window.__injected=1</script><img src=x id="injected-img">';
const failures = [];
function check(condition, what) {
  if (!condition) failures.push(what);
  console.log((condition ? "ok   " : "FAIL ") + what);
}

function startServer(dir) {
  writeFileSync(join(dir, "audit-token"), TOKEN);
  const child = spawn(
    args.server,
    ["--listen", "127.0.0.1:0", "--plain-http", "--auth", "off", "--audit-token-file", join(dir, "audit-token"),
     "--ledger", "sqlite:" + join(dir, "ledger.db"), "--local-codes", join(args.fixtures, "engine/local-codes")],
    { stdio: ["ignore", "ignore", "pipe"] }
  );
  return new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => reject(new Error("server did not start: " + log)), 20000);
    child.stderr.on("data", (chunk) => {
      log += chunk;
      const m = /"event":"listening".*?"port":(\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    });
    child.on("exit", (code) => reject(new Error("server exited " + code + ": " + log)));
  });
}

function request(name) {
  return JSON.parse(readFileSync(join(args.fixtures, "requests", name), "utf8"));
}

// The variant-1 patient with HTML in a condition's display: the card's facts quote it.
// The variant-1 patient ordered with an Epic local orderable only: the service cannot map it.
function epicOnlyRequest() {
  const r = request("variant-1-order-select.json");
  r.hookInstance = "0b7e2f44-8f0a-4c55-bb3e-6a0d7c1e9f21";
  r.context.draftOrders.entry[0].resource.code = {
    coding: [{ system: "urn:oid:1.2.840.114350.1.13.999.2.7.2.696580", code: "IMG7720", display: "CT L-SPINE W CONTRAST" }],
  };
  return r;
}

function requestWithHtml() {
  const r = request("variant-1-order-select.json");
  r.hookInstance = "6d1f3a52-1c7e-4a0b-9d0e-3f1f2b9c7a10";
  for (const e of r.prefetch.conditions.entry) {
    for (const c of e.resource.code.coding || []) c.display = INJECTED + " " + (c.display || "");
  }
  return r;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "auc-console-"));
  mkdirSync(args.out, { recursive: true });
  const { child, port } = await startServer(dir);
  const base = "http://127.0.0.1:" + port;
  const auth = { Authorization: "Bearer " + TOKEN };
  let browser;
  try {
    const post = async (path, body) => {
      const res = await fetch(base + path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      if (res.status !== 200) throw new Error(path + " answered " + res.status);
      return res.json();
    };
    const v1 = await post("/cds-services/acr-vcf-order-select", request("variant-1-order-select.json"));
    const v3 = await post("/cds-services/acr-vcf-order-select", request("variant-3-order-select.json"));
    await post("/cds-services/acr-vcf-order-select", request("variant-2-order-select.json"));
    await post("/cds-services/acr-vcf-order-select", request("variant-6-order-select.json"));
    await post("/cds-services/acr-vcf-order-sign", request("order-sign.json"));
    await post("/cds-services/acr-vcf-order-select", requestWithHtml());
    await post("/cds-services/acr-vcf-order-select", epicOnlyRequest());
    const now = new Date().toISOString();
    await post("/cds-services/acr-vcf-order-select/feedback", {
      feedback: [{ card: v1.cards[0].uuid, outcome: "accepted", acceptedSuggestions: [{ id: v1.cards[0].suggestions[0].uuid }], outcomeTimestamp: now }],
    });
    await post("/cds-services/acr-vcf-order-select/feedback", {
      feedback: [{ card: v3.cards[0].uuid, outcome: "overridden", outcomeTimestamp: now,
        overrideReason: { reason: { system: "https://auc-hooks.example.org/fhir/CodeSystem/override-reason", code: "patient-preference", display: "Patient preference" } } }],
    });
    const summary = await (await fetch(base + "/audit/summary", { headers: auth })).json();
    const warnings = await (await fetch(base + "/audit/calls?indicator=warning&limit=500", { headers: auth })).json();
    const all = await (await fetch(base + "/audit/calls?limit=500", { headers: auth })).json();
    const htmlCall = all.calls.find((c) => JSON.stringify(c.cards).includes("injected=1"));
    check(htmlCall !== undefined, "the ledger holds the call whose card quotes HTML");

    browser = await puppeteer.launch({
      executablePath: "/usr/bin/chromium",
      headless: true,
      userDataDir: join(dir, "chromium-profile"),
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const errors = [];
    let expectUnauthorized = false;
    page.on("pageerror", (e) => errors.push("page error: " + e.message));
    page.on("console", (m) => {
      if (m.type() !== "error") return;
      // The wrong-token step is meant to get one 401 from the API; the browser logs it.
      if (expectUnauthorized && /401/.test(m.text())) return;
      errors.push("console error: " + m.text());
    });
    page.on("requestfailed", (r) => errors.push("request failed: " + r.url()));

    const response = await page.goto(base + "/audit/ui/", { waitUntil: "networkidle0" });
    const headers = response.headers();
    check(/default-src 'self'/.test(headers["content-security-policy"] || ""), "the page has a default-src 'self' CSP");
    check(/frame-ancestors 'none'/.test(headers["content-security-policy"] || ""), "the CSP forbids framing");
    check(!/unsafe-inline/.test(headers["content-security-policy"] || ""), "the CSP allows no inline script or style");
    check(headers["x-content-type-options"] === "nosniff", "X-Content-Type-Options: nosniff");
    check(await page.$eval("#sign-in", (e) => !e.hidden), "the sign-in form shows first");

    expectUnauthorized = true;
    await page.type("#token", "not-the-token");
    await page.click("#sign-in-form button[type=submit]");
    await page.waitForSelector("#sign-in-error:not([hidden])");
    check(/not accepted/.test(await page.$eval("#sign-in-error", (e) => e.textContent)), "a wrong token gets a clear message");
    check(await page.$eval("#summary", (e) => e.hidden), "a wrong token shows nothing else");
    await page.screenshot({ path: join(args.out, "sign-in-refused.png") });
    expectUnauthorized = false;

    await page.type("#token", TOKEN);
    await page.click("#sign-in-form button[type=submit]");
    await page.waitForFunction(() => document.getElementById("sum-calls").textContent !== "" && document.querySelector("#chart svg"));
    const shown = await page.evaluate(() => Object.fromEntries(
      ["sum-calls", "sum-failed", "sum-shown", "sum-accepted", "sum-overridden", "sum-rate"].map((id) => [id, document.getElementById(id).textContent])));
    check(shown["sum-calls"] === String(summary.calls), "summary calls match the API (" + summary.calls + ")");
    check(shown["sum-failed"] === String(summary.failedCalls), "summary failed calls match the API");
    check(shown["sum-shown"] === String(summary.cardsShown), "summary cards shown match the API (" + summary.cardsShown + ")");
    check(shown["sum-accepted"] === String(summary.accepted), "summary accepted match the API");
    check(shown["sum-overridden"] === String(summary.overridden), "summary overridden match the API");
    check(shown["sum-rate"] === (summary.acceptanceRate * 100).toFixed(1) + "%", "acceptance rate shown as a percentage (" + shown["sum-rate"] + ")");
    const variants = await page.$$eval("#sum-by-variant tbody tr", (rows) => rows.length);
    check(variants === Object.keys(summary.byVariant).length, "one row per variant in the summary");
    check(!(await page.evaluate(() => location.href)).includes(TOKEN), "the token is not in the URL");
    await page.screenshot({ path: join(args.out, "summary.png"), fullPage: true });

    await page.click("#tab-calls");
    await page.waitForFunction(() => document.querySelectorAll("#calls-table tbody tr").length > 0);
    check((await page.$$("#calls-table tbody tr")).length === all.calls.length, "every call is listed (" + all.calls.length + ")");
    await page.select("#f-indicator", "warning");
    await page.click("#apply-filters");
    await page.waitForFunction((n) => document.querySelectorAll("#calls-table tbody tr").length === n, {}, warnings.calls.length);
    const indicators = await page.$$eval("#calls-table tbody tr td:nth-child(6)", (tds) => tds.map((t) => t.textContent));
    check(indicators.length === warnings.calls.length && indicators.every((t) => t.includes("warning")), "the indicator filter shows only the warning calls (" + indicators.length + ")");
    await page.screenshot({ path: join(args.out, "calls.png"), fullPage: true });

    // The CSV button exports the current filter (warnings only): one header line and one row each.
    const downloads = join(dir, "downloads");
    mkdirSync(downloads);
    const cdp = await page.createCDPSession();
    await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloads });
    await page.click("#export-csv");
    const csvPath = join(downloads, "auc-hooks-calls.csv");
    for (let i = 0; i < 100 && !existsSync(csvPath); i++) await new Promise((r) => setTimeout(r, 100));
    const csvLines = existsSync(csvPath) ? readFileSync(csvPath, "utf8").split("\r\n").filter(Boolean) : [];
    check(csvLines.length === warnings.calls.length + 1, "the CSV export holds the filtered calls (" + (csvLines.length - 1) + ")");

    await page.select("#f-indicator", "");
    await page.click("#apply-filters");
    await page.waitForFunction((n) => document.querySelectorAll("#calls-table tbody tr").length === n, {}, all.calls.length);
    await page.click('a[href="#calls/' + htmlCall.id + '"]');
    await page.waitForSelector("#call-cards article");
    check(page.url().endsWith("#calls/" + htmlCall.id), "the call's URL holds calls/" + htmlCall.id);
    const detailText = await page.$eval("#call-cards", (e) => e.textContent);
    check(detailText.includes("<script>window.__injected=1</script>"), "the card shows the <script> text as text");
    check((await page.$$("#call-cards script, #call-cards img, #injected-img")).length === 0, "no element was made from the card's text");
    check((await page.evaluate(() => window.__injected)) === undefined, "nothing from the card ran");
    check((await page.$$("#call-cards .md-table")).length > 0, "the card's markdown table is rendered");
    check((await page.$$("#call-facts tbody tr")).length > 0, "the call's facts are listed with their sources");
    check((await page.$$("#call-actions .system-action")).length > 0, "the call's systemActions are listed");
    await page.screenshot({ path: join(args.out, "call.png"), fullPage: true });

    const accepted = all.calls.find((c) => c.feedback.length > 0);
    await page.goto(base + "/audit/ui/#calls/" + accepted.id, { waitUntil: "networkidle0" });
    await page.waitForFunction(() => document.querySelectorAll("#call-feedback tbody tr").length > 0);
    check(true, "the feedback of a call is shown");

    await page.click("#tab-unrecognised");
    await page.waitForFunction(() => document.querySelectorAll("#unrecognised-table tbody tr").length > 0);
    const unrecognised = await page.$$eval("#unrecognised-table tbody tr", (rows) => rows.map((r) => r.textContent));
    check(unrecognised.some((t) => t.includes("IMG7720") && t.includes("CT L-SPINE W CONTRAST")), "the Epic orderable is in the unrecognised codes tab");
    await page.screenshot({ path: join(args.out, "unrecognised.png"), fullPage: true });

    const exportCsv = await page.evaluate(async (token) => {
      const r = await fetch("/audit/export/calls.csv", { headers: { Authorization: "Bearer " + token } });
      return r.headers.get("cache-control");
    }, TOKEN);
    check(exportCsv === "no-store", "API answers are no-store");
    const assetCache = await page.evaluate(async () => {
      const src = document.querySelector("script[src]").getAttribute("src");
      const r = await fetch(src);
      return [src, r.headers.get("cache-control")];
    });
    check(/static\/markdown\.[0-9a-f]{12}\.js$/.test(assetCache[0]) && /max-age=31536000/.test(assetCache[1]), "static files have versioned names and a long cache lifetime");

    check(errors.length === 0, "no page or console errors" + (errors.length ? ": " + errors.join(" | ") : ""));
  } finally {
    if (browser) await browser.close();
    child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
  if (failures.length) {
    console.error(failures.length + " check(s) failed");
    process.exit(1);
  }
  console.log("console browser test passed; screenshots in " + args.out);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
