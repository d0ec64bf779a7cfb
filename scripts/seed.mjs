// Seeds the local marketplace: a demo tenant, an owner key (kept in .local/demo-key), the local OpenID provider's
// demo users and service as members (from .local/oidc.json, when the provider runs) and the sample agents'
// listings, published from their own agent cards. Idempotent: a restart finds everything in place.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const [base, dataDir, ...agentUrls] = process.argv.slice(2);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const settings = JSON.parse(readFileSync(join(root, "local.settings.json"), "utf8")).Values;
const adminKey = process.env.Marketplace__AdminKey ?? settings.Marketplace__AdminKey;
const keyFile = join(dataDir, "demo-key");

async function call(method, path, key, body) {
  const response = await fetch(base + path, {
    method,
    headers: { "X-API-Key": key, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const tenant = await call("POST", "/api/tenants", adminKey, { id: "demo", name: "Demo Tenant", plan: "pro" });
if (tenant.status !== 201 && tenant.status !== 409) throw new Error(`Creating the demo tenant failed: ${JSON.stringify(tenant.body)}`);

if (!existsSync(keyFile)) {
  const key = await call("POST", "/api/tenants/demo/keys", adminKey, { role: "owner", name: "demo" });
  if (key.status !== 201) throw new Error(`Creating the demo key failed: ${JSON.stringify(key.body)}`);
  writeFileSync(keyFile, key.body.key, { mode: 0o600 });
}
const demoKey = readFileSync(keyFile, "utf8").trim();

// Members: each demo user with the role the provider's summary gives, and the demo service as a developer.
const oidcFile = join(dataDir, "oidc.json");
if (existsSync(oidcFile)) {
  const oidc = JSON.parse(readFileSync(oidcFile, "utf8"));
  const members = [
    ...oidc.users.map((u) => ({ issuer: oidc.issuer, subject: u.subject, role: u.role, kind: "user", displayName: u.displayName, email: u.email })),
    { issuer: oidc.issuer, subject: oidc.clientId, role: "developer", kind: "service", displayName: "Demo service" },
  ];
  for (const member of members) {
    const added = await call("POST", "/api/tenants/demo/members", adminKey, member);
    if (added.status !== 201 && added.status !== 409) throw new Error(`Adding ${member.subject} failed: ${JSON.stringify(added.body)}`);
  }
  console.log(`  Members: ${members.map((m) => `${m.subject} (${m.role})`).join(", ")}`);
}

// Welcome credit (100 credits), granted once: the grant id makes a second run a no-op.
const credit = await call("POST", "/api/admin/tenants/demo/credits", adminKey, { id: "demo-welcome", amount: 100_000_000, kind: "promotional" });
if (credit.status !== 200) throw new Error(`Granting demo credit failed: ${JSON.stringify(credit.body)}`);
console.log(`  Demo credit: ${credit.body.balance / 1_000_000} credits (GET ${base}/api/billing/balance)`);

const existing = await call("GET", "/api/agents?publisher=demo&limit=100", demoKey);
const listed = new Set(existing.body.items.map((i) => i.name));
for (const agentUrl of agentUrls) {
  const cardUrl = `${agentUrl}/.well-known/agent-card.json`;
  const card = await (await fetch(cardUrl)).json();
  if (listed.has(card.name)) continue;
  const published = await call("POST", "/api/agents", demoKey, { cardUrl, visibility: "public" });
  if (published.status !== 201) throw new Error(`Publishing ${card.name} failed: ${JSON.stringify(published.body)}`);
}
const agents = (await call("GET", "/api/agents?publisher=demo&limit=100", demoKey)).body.items;
for (const a of agents) console.log(`  ${a.name.padEnd(16)} ${a.agentId}   ${base}/a2a/agents/${a.agentId}/.well-known/agent-card.json`);

// A demo workflow over the Text Analyst: keywords and statistics in parallel, combined into one result.
const analyst = agents.find((a) => a.name === "Text Analyst");
if (analyst && (await call("GET", "/api/workflows/text-digest", demoKey)).status === 404) {
  const agentStep = (id, skill) => ({ id, kind: "agent", agent: analyst.agentId, skill, message: "{{/input/text}}", retry: { maxAttempts: 2 } });
  const created = await call("POST", "/api/workflows", demoKey, {
    id: "text-digest",
    name: "Text digest",
    description: "Keywords and statistics of a text, computed in parallel by the Text Analyst.",
    inputSchema: { type: "object", required: ["text"], properties: { text: { type: "string", minLength: 1 } } },
    steps: [{ id: "digest", kind: "parallel", branches: [{ id: "keywords", steps: [agentStep("kw", "keywords")] }, { id: "stats", steps: [agentStep("st", "text-stats")] }] }],
    output: { keywords: { from: "/steps/digest/output/keywords/data" }, stats: { from: "/steps/digest/output/stats/data" } },
  });
  if (created.status !== 201) throw new Error(`Creating the demo workflow failed: ${JSON.stringify(created.body)}`);
}
console.log(`  Workflow         text-digest   POST ${base}/api/workflows/text-digest/runs`);
