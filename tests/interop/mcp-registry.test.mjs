// Validates the marketplace's MCP Registry API answers with ajv against tests/interop/schemas/mcp-registry-server-list.schema.json,
// a schema written from the published API's text (ServerList, ServerResponse, ServerDetail, remotes).
// Environment: REGISTRY_BASE (marketplace URL), KEY (a key of a tenant with one federated server), SERVER_NAME (its registry name).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const base = process.env.REGISTRY_BASE;
const key = process.env.KEY;
const serverName = process.env.SERVER_NAME;
assert.ok(base && key && serverName, "REGISTRY_BASE, KEY and SERVER_NAME are required");

const schema = JSON.parse(await readFile(new URL("./schemas/mcp-registry-server-list.schema.json", import.meta.url), "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
ajv.addSchema(schema);
const serverList = ajv.getSchema(`${schema.$id}#/$defs/serverList`);
const serverResponse = ajv.getSchema(`${schema.$id}#/$defs/serverResponse`);

async function get(path, withKey) {
  const response = await fetch(`${base}${path}`, { headers: withKey ? { "X-API-Key": key } : {} });
  assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
  return response.json();
}

function valid(validator, value) {
  assert.ok(validator(value), JSON.stringify(validator.errors, null, 2));
}

test("the anonymous list is a valid ServerList holding the hub", async () => {
  const list = await get("/v0.1/servers");
  valid(serverList, list);
  assert.deepEqual(list.servers.map((s) => s.server.name), ["localhost/hub"]);
  assert.equal(list.servers[0].server.remotes[0].type, "streamable-http");
});

test("a tenant's list, versions and latest version are valid and hold its federated server", async () => {
  const list = await get("/v0.1/servers", true);
  valid(serverList, list);
  assert.ok(list.servers.some((s) => s.server.name === serverName), JSON.stringify(list));
  const encoded = encodeURIComponent(serverName);
  valid(serverList, await get(`/v0.1/servers/${encoded}/versions`, true));
  const latest = await get(`/v0.1/servers/${encoded}/versions/latest`, true);
  valid(serverResponse, latest);
  assert.equal(latest._meta["io.modelcontextprotocol.registry/official"].isLatest, true);
});

test("the schema rejects what the API text forbids", () => {
  const good = { server: { name: "com.example/weather", description: "Weather", version: "1.0.0" } };
  valid(serverResponse, good);
  for (const bad of [
    { server: { ...good.server, name: "weather" } },
    { server: { ...good.server, version: "latest" } },
    { server: { ...good.server, description: "x".repeat(101) } },
    { server: { ...good.server, remotes: [{ type: "stdio", url: "https://x.example" }] } },
    { ...good, _meta: { "io.modelcontextprotocol.registry/official": { status: "gone" } } },
  ]) assert.equal(serverResponse(bad), false, JSON.stringify(bad));
});
