// Seeds the local marketplace with a demo tenant, an owner key (kept in .local/demo-key) and demo listings.
// Idempotent: a restart finds the tenant and key in place and publishes nothing twice.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const [base, dataDir] = process.argv.slice(2);
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

const existing = await call("GET", "/api/agents?publisher=demo&limit=100", demoKey);
const names = new Set(existing.body.items.map((i) => i.name));
const cards = JSON.parse(readFileSync(join(root, "scripts", "demo-cards.json"), "utf8"));
for (const card of cards.filter((c) => !names.has(c.name))) {
  const published = await call("POST", "/api/agents", demoKey, { card, visibility: "public" });
  if (published.status !== 201) throw new Error(`Publishing ${card.name} failed: ${JSON.stringify(published.body)}`);
}
console.log(`Seeded: tenant "demo", ${cards.length} demo listings.`);
