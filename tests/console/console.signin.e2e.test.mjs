// Signing in to the console with OpenID Connect, end to end: Debian's chromium driven by playwright-core against the
// real standalone host and the real local OpenID provider (scripts/oidc-provider.mjs). Authorization code with PKCE
// through the provider's own login form; every console page visited is checked with axe.
// Env: CONSOLE_BASE, TENANT (alice owner, bob reader), SECOND_TENANT (alice developer), TEXT_AGENT_ID,
// ALICE_PASSWORD, BOB_PASSWORD, SCREENSHOTS (folder), CHROMIUM (optional).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

const base = process.env.CONSOLE_BASE;
const tenant = process.env.TENANT;
const secondTenant = process.env.SECOND_TENANT;
const agentId = process.env.TEXT_AGENT_ID;
const shots = process.env.SCREENSHOTS;
// A cold WebAssembly start on a busy 2-core machine takes a while; every wait is on a condition with this deadline.
const bootTimeout = 90_000;
const timeout = 30_000;

let browser, context, page;

before(async () => {
  mkdirSync(shots, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.setDefaultTimeout(timeout);
  page.on("pageerror", (e) => console.log(`page error: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") console.log(`console error: ${m.text()}`); });
  // A refused API call says why in its challenge: logged, so a failure shows what the API made of the token.
  page.on("response", (r) => {
    if (r.status() >= 400) console.log(`${r.status()} ${r.request().method()} ${r.url()} ${r.headers()["www-authenticate"] ?? ""}`);
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

// Fluent buttons take their role from ElementInternals, which Playwright's role selector does not read.
const button = (label) => page.locator("fluent-button", { hasText: label });

async function shot(name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

/** From the console's sign-in page through the provider's login form, back to the console signed in. */
async function signIn(user, password) {
  await page.getByRole("heading", { name: "Sign in", exact: true }).waitFor({ timeout: bootTimeout });
  await button("Sign in with your organization").click();
  await page.waitForURL((url) => !url.href.startsWith(base), { timeout: bootTimeout });
  await page.locator('input[name="login"]').fill(user);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.href.startsWith(base), { timeout: bootTimeout });
  await page.getByTestId("role").waitFor({ state: "attached", timeout: bootTimeout });
}

/** Signs out at the console and at the provider (which asks to confirm), and comes back to the console's sign-in page. */
async function signOut() {
  await button("Sign out").click();
  await page.waitForURL((url) => !url.href.startsWith(base), { timeout: bootTimeout });
  await page.getByRole("button", { name: /yes, sign me out/i }).click();
  await page.waitForURL((url) => url.href.startsWith(base), { timeout: bootTimeout });
  await button("Sign in with your organization").waitFor({ timeout: bootTimeout });
}

test("the sign-in page offers the organization's sign-in beside the API key", async () => {
  await page.goto(base, { waitUntil: "commit" });
  await button("Sign in with your organization").waitFor({ timeout: bootTimeout });
  await page.getByRole("textbox", { name: /^API key/ }).waitFor();
  await accessible("sign-in (OpenID)");
  await shot("signin-oidc");
});

test("alice signs in at the provider and the header shows her name, tenant and role", async () => {
  await signIn("alice", process.env.ALICE_PASSWORD);
  assert.equal(await page.getByTestId("user-name").textContent(), "alice Test");
  assert.equal(await page.getByTestId("role").textContent(), "owner");
  assert.equal(await page.getByTestId("tenant-picker").inputValue(), tenant);
  await page.getByRole("heading", { name: "Agents" }).waitFor();
  // Tokens are kept in memory only: neither storage holds the signed-in user.
  const stored = await page.evaluate(() => [...Object.keys(sessionStorage), ...Object.keys(localStorage)]);
  assert.deepEqual(stored.filter((k) => k.startsWith("oidc.user")), [], stored.join(", "));
  await accessible("agents (signed in)");
  await shot("signin-alice");
});

test("alice calls an agent with her access token and sees its answer", async () => {
  await page.goto(`${base}/agents/${encodeURIComponent(agentId)}`);
  await page.getByRole("heading", { name: "Text Analyst", level: 1 }).waitFor({ timeout: bootTimeout });
  // The reload above kept no tokens: the console signed in again silently at the provider.
  assert.equal(await page.getByTestId("user-name").textContent(), "alice Test");
  await page.getByRole("textbox", { name: /^Message/ }).fill("Sign-in works. Tokens stay in memory. Renewal is silent.");
  await button("Send").click();
  await page.getByTestId("task-state").filter({ hasText: "completed" }).waitFor({ timeout: 60_000 });
  await page.getByTestId("chat-log").locator('li[data-kind="artifact"]').first().waitFor();
  await shot("signin-agent-call");
});

test("alice makes bob a billing member and invites someone; the link is shown once", async () => {
  await page.getByRole("link", { name: "Members" }).click();
  await page.getByRole("heading", { name: "Members", level: 1 }).waitFor();
  const bob = page.getByTestId("member-row").filter({ hasText: "bob" });
  await bob.waitFor();
  await bob.locator("select").selectOption("billing");
  await bob.getByTestId("member-role").filter({ hasText: "billing" }).waitFor();
  await page.locator("#invite-role").selectOption("reader");
  await button("Create invitation").click();
  const link = page.getByTestId("invitation-link");
  await link.waitFor();
  assert.match(await link.textContent(), /\/api\/invitations\/inv_[\w-]{43}\/accept$/);
  await accessible("members");
  await shot("signin-members");
});

test("the audit log shows alice's changes, and filters them", async () => {
  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByRole("heading", { name: "Audit log", level: 1 }).waitFor();
  const roleChange = page.getByTestId("audit-row").filter({ hasText: "members-role" });
  await roleChange.waitFor();
  assert.match(await roleChange.textContent(), /"role":"reader".*→.*"role":"billing"/);
  await page.getByTestId("audit-row").filter({ hasText: "invitations-create" }).waitFor();
  await page.locator("#audit-action").fill("invitations-create");
  await button("Show").click();
  await page.getByTestId("audit-row").filter({ hasText: "members-role" }).waitFor({ state: "detached" });
  assert.ok((await page.getByTestId("audit-row").count()) >= 1);
  await accessible("audit log");
  await shot("signin-audit");
});

test("alice switches to her other tenant, where she is a developer, and back", async () => {
  await page.getByTestId("tenant-picker").selectOption(secondTenant);
  await page.getByTestId("role").filter({ hasText: "developer" }).waitFor();
  assert.equal(await page.getByRole("link", { name: "Audit log" }).count(), 0);
  await page.getByTestId("tenant-picker").selectOption(tenant);
  await page.getByTestId("role").filter({ hasText: "owner" }).waitFor();
});

test("alice signs out, at the provider too", async () => {
  await signOut();
  assert.equal(await page.getByTestId("role").count(), 0);
  await accessible("signed out");
  await shot("signin-signed-out");
  await page.goto(base);
  // A new visit finds no session at the provider: the sign-in page, not a silent sign-in.
  await button("Sign in with your organization").waitFor({ timeout: bootTimeout });
  assert.equal(await page.getByTestId("role").count(), 0);
});

test("bob, now a billing member, sees statements and usage, not the agents", async () => {
  await signIn("bob", process.env.BOB_PASSWORD);
  assert.equal(await page.getByTestId("role").textContent(), "billing");
  assert.equal(await page.getByRole("link", { name: "Audit log" }).count(), 0);
  await page.getByTestId("billing-only").waitFor();
  assert.equal(await page.getByTestId("result").count(), 0);
  for (const name of ["Publish", "Workflows", "Tools"]) assert.equal(await page.getByRole("link", { name, exact: true }).count(), 0, name);
  await accessible("agents (billing)");
  await shot("signin-billing");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Usage & billing" }).click();
  await page.getByRole("heading", { name: "Usage & billing", level: 1 }).waitFor();
  await signOut();
});
