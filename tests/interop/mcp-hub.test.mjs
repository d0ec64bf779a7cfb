// Drives the marketplace's MCP hub with the independent @modelcontextprotocol/sdk client.
// Environment: MCP_BASE (marketplace URL), KEY_A (an owner key) and KEY_B (a developer key of another tenant),
// AGENT_CARD_URL (a running A2A agent with an "echo" skill, for tenant A to list privately).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { until } from "./until.mjs";

const base = process.env.MCP_BASE;
const keyA = process.env.KEY_A;
const keyB = process.env.KEY_B;
const agentCardUrl = process.env.AGENT_CARD_URL;
assert.ok(base && keyA && keyB && agentCardUrl, "MCP_BASE, KEY_A, KEY_B and AGENT_CARD_URL are required");

const builtIn = ["marketplace.get_agent", "marketplace.get_run", "marketplace.search", "marketplace.send_message", "marketplace.start_workflow"];

let backend;
let backendUrl;
before(async () => {
  // The HTTP tool's backend: echoes what it was called with.
  backend = createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ path: req.url, method: req.method }));
  });
  await new Promise((r) => backend.listen(0, "127.0.0.1", r));
  backendUrl = `http://127.0.0.1:${backend.address().port}`;
  for (const name of ["echo", "echo-twice", "echo-thrice"]) {
    const response = await fetch(`${base}/api/tools`, {
      method: "POST",
      headers: { "X-API-Key": keyA, "Content-Type": "application/json" },
      body: JSON.stringify({
        name,
        description: "Echoes a word back",
        inputSchema: { type: "object", properties: { word: { type: "string" } }, required: ["word"] },
        http: { method: "GET", urlTemplate: `${backendUrl}/${name}/{word}` },
      }),
    });
    assert.equal(response.status, 201, await response.text());
  }
});
after(() => backend.close());

async function connect(key) {
  const client = new Client({ name: "interop-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { "X-API-Key": key } } }));
  return client;
}

test("a tenant lists and calls its own tools", async () => {
  const client = await connect(keyA);
  // The hub pages tools/list (two per page on the test host); the cursor walks the rest in name order.
  const first = await client.listTools();
  assert.deepEqual(first.tools.map((t) => t.name), ["echo", "echo-thrice"]);
  assert.equal(first.tools[0].inputSchema.type, "object");
  assert.ok(first.nextCursor);
  // Then the marketplace's own tools, which every hub lists after the tenant's.
  const names = [...first.tools.map((t) => t.name)];
  for (let cursor = first.nextCursor; cursor;) {
    const page = await client.listTools({ cursor });
    names.push(...page.tools.map((t) => t.name));
    cursor = page.nextCursor;
  }
  assert.deepEqual(names, ["echo", "echo-thrice", "echo-twice", ...builtIn]);
  const result = await client.callTool({ name: "echo", arguments: { word: "héllo world" } });
  assert.ok(!result.isError, JSON.stringify(result));
  assert.equal(result.structuredContent.path, "/echo/h%C3%A9llo%20world");
  assert.equal(JSON.parse(result.content[0].text).method, "GET");
  await client.close();
});

test("schema-invalid arguments are a tool error, not a protocol error", async () => {
  const client = await connect(keyA);
  const missing = await client.callTool({ name: "echo", arguments: {} });
  assert.equal(missing.isError, true);
  const wrongType = await client.callTool({ name: "echo", arguments: { word: 42 } });
  assert.equal(wrongType.isError, true);
  await client.close();
});

test("the marketplace's own search tool finds the tenant's tools by what they do", async () => {
  const client = await connect(keyA);
  const found = await client.callTool({ name: "marketplace.search", arguments: { query: "echo", types: ["tool"] } });
  assert.ok(!found.isError, JSON.stringify(found));
  const ids = found.structuredContent.items.map((i) => `${i.type}:${i.id}`);
  assert.ok(ids.includes("tool:echo"), JSON.stringify(found.structuredContent));
  assert.ok(found.structuredContent.items.every((i) => i.type === "tool"));
  const bad = await client.callTool({ name: "marketplace.search", arguments: { query: "" } });
  assert.equal(bad.isError, true);
  await client.close();
});

test("another tenant sees none of them and cannot call them", async () => {
  const client = await connect(keyB);
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  for (let cursor = (await client.listTools()).nextCursor; cursor;) {
    const page = await client.listTools({ cursor });
    names.push(...page.tools.map((t) => t.name));
    cursor = page.nextCursor;
  }
  assert.deepEqual(names, builtIn);
  const search = await client.callTool({ name: "marketplace.search", arguments: { query: "echo", types: ["tool"] } });
  assert.deepEqual(search.structuredContent.items, []);
  await assert.rejects(() => client.callTool({ name: "echo", arguments: { word: "x" } }), /Unknown tool/);
  await client.close();
});

async function rest(method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { "X-API-Key": keyA, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  assert.ok(response.ok, JSON.stringify(json));
  return json;
}

test("a client finds an agent with marketplace.search and calls it with marketplace.send_message", async () => {
  const marker = `zq${Math.random().toString(36).slice(2, 10)}`;
  const listing = await rest("POST", "/api/agents", { cardUrl: agentCardUrl, visibility: "private" });
  const client = await connect(keyA);
  const found = await client.callTool({ name: "marketplace.search", arguments: { query: "an agent that echoes the text back", types: ["agent"], limit: 20 } });
  assert.ok(!found.isError, JSON.stringify(found));
  const hit = found.structuredContent.items.find((i) => i.id === listing.agentId);
  assert.ok(hit, JSON.stringify(found.structuredContent));
  const sent = await client.callTool({ name: "marketplace.send_message", arguments: { agent: hit.id, text: marker, skill: "echo" } });
  assert.ok(!sent.isError, JSON.stringify(sent));
  assert.equal(sent.structuredContent.task.status.state, "TASK_STATE_COMPLETED");
  assert.equal(sent.structuredContent.task.artifacts[0].parts[0].text, `echo: ${marker}`);
  assert.equal(JSON.parse(sent.content[0].text).task.id, sent.structuredContent.task.id);

  // Tenant B cannot reach tenant A's private listing: the same answer as an agent that does not exist.
  const other = await connect(keyB);
  const refused = await other.callTool({ name: "marketplace.send_message", arguments: { agent: listing.agentId, text: "hi" } });
  assert.equal(refused.isError, true);
  assert.equal(refused.content[0].text, `No agent '${listing.agentId}'.`);
  await other.close();
  await client.close();
});

test("a client starts a workflow with marketplace.start_workflow and follows it with marketplace.get_run", async () => {
  const listing = await rest("POST", "/api/agents", { cardUrl: agentCardUrl, visibility: "private" });
  const id = `interop-${Math.random().toString(36).slice(2, 10)}`;
  await rest("POST", "/api/workflows", {
    id, name: id,
    inputSchema: { type: "object", properties: { word: { type: "string" } }, required: ["word"] },
    steps: [{ id: "shout", kind: "agent", agent: listing.agentId, skill: "echo", message: "{{/input/word}}" }],
  });
  const client = await connect(keyA);
  const started = await client.callTool({ name: "marketplace.start_workflow", arguments: { workflow: id, input: { word: "ping" } } });
  assert.ok(!started.isError, JSON.stringify(started));
  const { runId } = started.structuredContent;
  assert.ok(runId);
  const view = await until(async () => {
    const read = (await client.callTool({ name: "marketplace.get_run", arguments: { runId } })).structuredContent;
    return ["completed", "failed", "cancelled"].includes(read.run.state) ? read : null;
  }, "the run to finish", 40000);
  assert.equal(view.run.state, "completed", JSON.stringify(view));
  assert.deepEqual(view.steps.map((s) => [s.stepPath, s.state]), [["shout", "completed"]]);
  const bad = await client.callTool({ name: "marketplace.start_workflow", arguments: { workflow: id, input: { word: 3 } } });
  assert.equal(bad.isError, true);
  await client.close();
});

test("a bad key and a foreign origin are refused before the protocol", async () => {
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} });
  const headers = { "Content-Type": "application/json", Accept: "application/json, text/event-stream" };
  const anonymous = await fetch(`${base}/mcp`, { method: "POST", headers, body });
  assert.equal(anonymous.status, 401);
  const foreign = await fetch(`${base}/mcp`, { method: "POST", headers: { ...headers, "X-API-Key": keyA, Origin: "https://evil.example" }, body });
  assert.equal(foreign.status, 403);
});
