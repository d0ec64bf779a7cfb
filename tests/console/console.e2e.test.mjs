// The browser console end to end: Debian's chromium driven by playwright-core against the real standalone host
// (Azurite, sample agents). Each page visited is checked with axe: no serious or critical violations.
// Env: CONSOLE_BASE, CONSOLE_KEY (a tenant owner key with credit), TEXT_AGENT_ID (a priced agent), ADMIN_KEY (the platform
// admin key), SCREENSHOTS (folder), CHROMIUM (optional).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

const base = process.env.CONSOLE_BASE;
const key = process.env.CONSOLE_KEY;
const agentId = process.env.TEXT_AGENT_ID;
const shots = process.env.SCREENSHOTS;
const budgetBytes = 5 * 1024 * 1024;
// A cold WebAssembly start on a busy 2-core machine takes a while; every wait is on a condition with this deadline.
const bootTimeout = 90_000;
const timeout = 30_000;

let browser, context, page;
const firstLoad = { bytes: 0, counting: true };

before(async () => {
  mkdirSync(shots, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.setDefaultTimeout(timeout);
  // The browser's own errors go to the test output, so a failure says what the console saw.
  page.on("pageerror", (e) => console.log(`page error: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") console.log(`console error: ${m.text()}`); });
  page.on("requestfinished", async (request) => {
    if (!firstLoad.counting) return;
    const sizes = await request.sizes().catch(() => null);
    if (sizes) firstLoad.bytes += sizes.responseBodySize + sizes.responseHeadersSize;
  });
});

after(async () => {
  await browser?.close();
});

async function accessible(name) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), [], `axe on ${name}`);
}

// Fluent inputs render a native input inside the web component; the textbox role finds that one.
const field = (label) => page.getByRole("textbox", { name: new RegExp(`^${label}`) });

// Fluent buttons take their role from ElementInternals, which Playwright's role selector does not read.
const button = (label) => page.locator("fluent-button", { hasText: label });

async function shot(name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

test("a first load shows the loading indicator, then the sign-in within the size budget", async () => {
  await page.goto(base, { waitUntil: "commit" });
  await page.getByRole("heading", { name: "Sign in" }).waitFor({ timeout: bootTimeout });
  firstLoad.counting = false;
  console.log(`first-load-bytes: ${firstLoad.bytes}`);
  assert.ok(firstLoad.bytes > 0 && firstLoad.bytes <= budgetBytes, `first load ${firstLoad.bytes} bytes, budget ${budgetBytes}`);
  await accessible("sign-in");
  await shot("sign-in");
});

test("a wrong key shows the API's problem; the right key signs in and the header shows tenant, role and balance", async () => {
  const keyField = field("API key");
  await keyField.fill("mk.nobody.nokey.wrong");
  await button("Sign in").click();
  await page.getByRole("alert").filter({ hasText: /./ }).first().waitFor();
  await keyField.fill(key);
  await button("Sign in").click();
  await page.getByRole("heading", { name: "Agents" }).waitFor();
  assert.equal(await page.getByTestId("role").textContent(), "owner");
  assert.match(await page.getByTestId("balance").textContent(), /credits/);
});

test("search as you type finds the Text Analyst and opens its page", async () => {
  await field("Search").fill("keywords summaries");
  // Other tests' hosts may list the same sample agent: this one is found by its id.
  const result = page.getByTestId("result").filter({ has: page.locator(`a[href="agents/${encodeURIComponent(agentId)}"]`) });
  await result.waitFor();
  await accessible("search");
  await shot("search");
  await field("Search").fill("zzqx-nothing-matches-this");
  await page.getByTestId("empty").waitFor();
  await field("Search").fill("text");
  await result.getByRole("link", { name: "Text Analyst" }).click();
  await page.getByRole("heading", { name: "Text Analyst", level: 1 }).waitFor();
  await page.getByRole("heading", { name: "Keyword extraction" }).waitFor();
  assert.ok(page.url().endsWith(`/agents/${encodeURIComponent(agentId)}`), page.url());
});

test("a message to the agent streams its task states and artifacts into the chat", async () => {
  await field("Message").fill("Agents publish cards. Cards describe skills. Skills have examples.");
  await button("Send").click();
  await page.getByTestId("task-state").filter({ hasText: "completed" }).waitFor();
  const log = page.getByTestId("chat-log");
  await log.locator('li[data-kind="artifact"]').first().waitFor();
  assert.match(await log.textContent(), /Task (submitted|working)/);
  await accessible("agent");
  await shot("agent");
});

test("the task sent in the chat is in the task list, with its history", async () => {
  await page.getByTestId("tasks-link").click();
  await page.getByRole("heading", { name: "Tasks", level: 1 }).waitFor();
  const row = page.getByTestId("task-row").filter({ hasText: "completed" }).first();
  await row.waitFor();
  await row.getByRole("button").click();
  const detail = page.getByTestId("task-detail");
  await detail.filter({ hasText: "Agents publish cards" }).waitFor();
  await accessible("tasks");
  await shot("tasks");
});

test("a 3-step workflow is built and saved in the designer, run, and its approval approved in the run monitor", async () => {
  await page.getByRole("link", { name: "Workflows" }).click();
  await page.getByRole("heading", { name: "Workflows", level: 1 }).waitFor();
  await page.getByTestId("workflows-empty").waitFor();
  await page.getByRole("link", { name: "Design a new workflow" }).click();
  await page.getByRole("heading", { name: "Workflow designer" }).waitFor();
  await page.locator("#workflow-id").fill("e2e-review");
  await page.locator("#workflow-id").blur();
  await page.locator("#workflow-name").fill("E2E review");
  await page.locator("#workflow-name").blur();
  // The new workflow starts with an approval step; an agent step and a delay go after it.
  await page.locator("#new-kind").selectOption("agent");
  await button("Add step").click();
  await page.getByTestId("step-settings").filter({ hasText: "agent1" }).waitFor();
  await page.locator("#step-agent").fill(agentId);
  await page.locator("#step-agent").blur();
  await page.locator("#step-skill").fill("nonsense");
  await page.locator("#step-skill").blur();
  await button("Validate").click();
  // The server's problem with the skill is shown on the agent step's node and in its settings.
  await page.locator('[data-step="agent1"] [data-testid="node-errors"]').waitFor();
  await page.getByTestId("step-errors").filter({ hasText: "$.steps[1]" }).waitFor();
  await shot("designer-errors");
  await page.locator("#step-skill").fill("keywords");
  await page.locator("#step-skill").blur();
  await page.locator("#new-kind").selectOption("delay");
  await button("Add step after the selected one").click();
  await page.getByTestId("step-settings").filter({ hasText: "delay1" }).waitFor();
  await page.locator("#step-seconds").fill("1");
  await page.locator("#step-seconds").blur();
  assert.equal(await page.getByTestId("node").count(), 3);
  const definition = JSON.parse(await page.getByTestId("workflow-json").inputValue());
  assert.deepEqual(definition.steps.map((s) => s.kind), ["approval", "agent", "delay"]);
  await button("Validate").click();
  await page.getByTestId("valid").waitFor();
  await button("Save as a new version").click();
  await page.getByTestId("saved-version").filter({ hasText: "version 1 saved" }).waitFor();
  await accessible("workflow designer");
  await shot("designer");

  await page.locator("#input-text").fill("Workflows chain agents. Agents answer tasks. Tasks produce artifacts.");
  await button("Start run").click();
  await page.getByRole("heading", { name: /^Run / }).waitFor();
  const approval = page.getByTestId("approval");
  await approval.waitFor({ timeout: 60_000 });
  await page.locator('[data-step="approve"] [data-testid="node-state"]').filter({ hasText: "waiting" }).waitFor();
  await accessible("run monitor (waiting)");
  await approval.locator("input").fill("fine by me");
  await approval.locator("fluent-button", { hasText: "Approve" }).click();
  await page.getByTestId("run-state").filter({ hasText: "completed" }).waitFor({ timeout: 90_000 });
  await page.locator('[data-step="agent1"] [data-testid="node-state"]').filter({ hasText: "completed" }).waitFor();
  await page.locator('[data-step="delay1"] [data-testid="node-state"]').filter({ hasText: "completed" }).waitFor();
  await page.getByTestId("run-step").filter({ hasText: "agent1" }).getByRole("button").click();
  await page.getByTestId("step-output").first().waitFor();
  await accessible("run monitor");
  await shot("run-monitor");

  await page.getByRole("link", { name: "Run history" }).click();
  await page.getByTestId("run-row").filter({ hasText: "completed" }).waitFor();
  await page.locator("#runs-state").selectOption("failed");
  await page.getByTestId("runs-empty").waitFor();
  await accessible("runs");
});

test("the billing page shows the priced call in usage, the statement and the ledger", async () => {
  await page.getByRole("link", { name: "Usage & billing" }).click();
  await page.getByTestId("billing-balance").waitFor();
  await page.getByRole("heading", { name: "Ledger" }).waitFor();
  // The billing and analytics workers apply the call from their queues: look again until it shows, within a deadline.
  const totals = page.getByTestId("usage-totals");
  const lines = page.getByTestId("statement-lines").filter({ hasText: agentId });
  const deadline = Date.now() + 90_000;
  for (;;) {
    await totals.waitFor();
    await page.getByTestId("statement-total").waitFor();
    const usage = await totals.textContent();
    if (/Calls [1-9]/.test(usage) && !/Spent 0 credits/.test(usage) && (await lines.count()) > 0) break;
    assert.ok(Date.now() < deadline, `the priced call never showed: ${usage}`);
    await page.reload();
  }
  await page.getByTestId("statement-csv").waitFor();
  await page.getByTestId("ledger-empty").waitFor({ state: "detached" });
  await page.locator("#usage-calls svg").first().waitFor();
  await accessible("billing");
  await shot("billing");
});

test("an owner creates a key, sees it once, and revokes it", async () => {
  await page.getByRole("link", { name: "Keys" }).click();
  await page.getByRole("heading", { name: "API keys" }).waitFor();
  await page.getByLabel("Name").fill("e2e");
  await button("Create key").click();
  const created = page.getByTestId("created-key");
  await created.waitFor();
  assert.match(await created.textContent(), /mk\.[^.]+\.[^.]+\./);
  const row = page.getByTestId("key-row").filter({ hasText: "e2e" });
  await row.waitFor();
  await accessible("keys");
  await shot("keys");
  await row.locator("fluent-button").click();
  await row.filter({ hasText: "Revoked" }).waitFor();
});

test("a publisher pastes a card with a validation error, sees it next to the card, fixes it and publishes", async () => {
  await page.getByRole("link", { name: "Publish" }).click();
  await page.getByRole("heading", { name: "Publish an agent" }).waitFor();
  const card = {
    name: "E2E Echo",
    description: "Says back what it is sent.",
    version: "1.0.0",
    supportedInterfaces: [{ url: "http://127.0.0.1:9/a2a", protocolBinding: "JSONRPC", protocolVersion: "1.0" }],
    capabilities: { streaming: false },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
  };
  const cardField = page.getByLabel("Card (A2A agent card JSON)");
  await cardField.fill(JSON.stringify(card, null, 2));
  await page.getByLabel("Visibility").selectOption("private");
  await button("Publish").click();
  const errors = page.getByTestId("card-errors");
  await errors.filter({ hasText: "$.card.skills" }).waitFor();
  await accessible("publish (validation error)");
  await shot("publish-errors");
  card.skills = [{ id: "echo", name: "Echo", description: "Repeats the text.", tags: ["text"] }];
  await cardField.fill(JSON.stringify(card, null, 2));
  await button("Publish").click();
  await page.getByTestId("published").filter({ hasText: "E2E Echo" }).waitFor();
  assert.equal(await errors.count(), 0);
  await page.getByRole("link", { name: "Edit it" }).click();
  await page.getByRole("heading", { name: "Edit E2E Echo" }).waitFor();
  await page.getByLabel("Per call").fill("2000");
  await button("Save as a new version").click();
  await page.getByTestId("published").filter({ hasText: "listing version 2" }).waitFor();
  await page.getByTestId("versions").locator("tbody tr").nth(1).waitFor();
  await accessible("publish (edit and history)");
  await shot("publish-edit");
});

test("a tenant registers an agent-skill tool, limits its rate and sees its metrics", async () => {
  await page.getByRole("link", { name: "Tools" }).click();
  await page.getByRole("heading", { name: "Tools & MCP servers", level: 1 }).waitFor();
  await page.getByTestId("tools-empty").waitFor();
  await page.getByTestId("servers-empty").waitFor();
  await page.getByLabel("Name", { exact: true }).fill("e2e-keywords");
  await page.getByLabel("Description").fill("The keywords of a text, from the Text Analyst.");
  await page.getByLabel("A skill of a listed agent").check();
  await page.getByLabel("Agent id").fill(agentId);
  await page.getByLabel("Skill id").fill("keywords");
  await button("Register tool").click();
  const row = page.getByTestId("tool-row").filter({ hasText: "e2e-keywords" });
  await row.filter({ hasText: "approved" }).waitFor();
  await row.locator("fluent-button", { hasText: "Access" }).click();
  await page.locator("#access-per-minute").fill("30");
  await button("Save access").click();
  await row.filter({ hasText: "30/min" }).waitFor();
  await row.locator("fluent-button", { hasText: "Metrics" }).click();
  await page.getByTestId("metrics-totals").filter({ hasText: "Calls 0" }).waitFor();
  await accessible("tools");
  await shot("tools");
});

test("the platform admin creates a tenant, grants it credit and reads the integration events", async () => {
  await button("Sign out").click();
  await field("API key").fill(process.env.ADMIN_KEY);
  await button("Sign in").click();
  await page.getByRole("link", { name: "Admin" }).click();
  await page.getByRole("heading", { name: "Platform admin" }).waitFor();
  // Integration events reach the admin sink through a queue: refresh, as a person would, until one shows, within a deadline.
  const published = page.getByTestId("event-row").filter({ hasText: "agent-events" }).first();
  const eventsDeadline = Date.now() + 90_000;
  while (!(await published.waitFor({ timeout: 2_000 }).then(() => true, () => false))) {
    assert.ok(Date.now() < eventsDeadline, "no agent-events integration event reached the admin page");
    await button("Refresh").click();
  }
  await page.getByLabel("Name", { exact: true }).fill("E2E Globex");
  await page.locator("#tenant-plan").fill("no-such-plan");
  await button("Create tenant").click();
  await page.getByTestId("tenant-errors").filter({ hasText: "$.plan" }).waitFor();
  await page.locator("#tenant-plan").fill("pro");
  await button("Create tenant").click();
  await page.getByTestId("tenant").filter({ hasText: "E2E Globex" }).waitFor();
  await page.getByLabel("Credits to grant").fill("3");
  await button("Grant credit").click();
  await page.getByTestId("granted").filter({ hasText: "3 credits" }).waitFor();
  await accessible("admin");
  await shot("admin");
  await button("Sign out").click();
  await field("API key").fill(key);
  await button("Sign in").click();
  await page.getByTestId("role").filter({ hasText: "owner" }).waitFor();
  await page.getByRole("heading", { name: "Platform admin" }).waitFor();
  await page.getByText("need the platform admin key").waitFor();
});

test("the console works at phone width, and a deep link opens the page after a reload", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/agents/${encodeURIComponent(agentId)}`);
  await page.getByRole("heading", { name: "Text Analyst", level: 1 }).waitFor();
  await accessible("agent (phone)");
  await shot("agent-phone");
  await page.goto(`${base}/workflows/e2e-review/design`);
  await page.getByTestId("saved-version").waitFor();
  await accessible("workflow designer (phone)");
  await shot("designer-phone");
  await button("Sign out").click();
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
});
