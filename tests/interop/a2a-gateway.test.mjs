// Drives the marketplace's A2A gateway with the independent @a2a-js/sdk client, over both bindings.
// Environment: A2A_BASE (marketplace URL), A2A_KEY (tenant key), TEXT_AGENT_ID, CONVERTER_AGENT_ID.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { until } from "./until.mjs";
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import { ClientFactory, ClientFactoryOptions, JsonRpcTransportFactory, RestTransportFactory, DefaultAgentCardResolver } from "@a2a-js/sdk/client";
import { Role, TaskState } from "@a2a-js/sdk";
import { createRemoteJWKSet, jwtVerify } from "jose";

const base = process.env.A2A_BASE;
const key = process.env.A2A_KEY;
const textAgent = process.env.TEXT_AGENT_ID;
const converterAgent = process.env.CONVERTER_AGENT_ID;
assert.ok(base && key && textAgent && converterAgent, "A2A_BASE, A2A_KEY, TEXT_AGENT_ID and CONVERTER_AGENT_ID are required");

// The SDK has no headers option: the key goes in through fetch.
const authedFetch = (url, init = {}) => fetch(url, { ...init, headers: { ...(init.headers ?? {}), "X-API-Key": key } });

async function clientFor(agentId, transport) {
  const factory = new ClientFactory(ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
    transports: [new JsonRpcTransportFactory({ fetchImpl: authedFetch }), new RestTransportFactory({ fetchImpl: authedFetch })],
    preferredTransports: [transport],
    cardResolver: new DefaultAgentCardResolver({ fetchImpl: authedFetch }),
  }));
  // The card path is resolved relative to the base, so the base ends with a slash.
  return factory.createFromUrl(`${base}/a2a/agents/${agentId}/`);
}

const text = (value) => ({ content: { $case: "text", value }, metadata: undefined, filename: "", mediaType: "" });
const message = (value, extra = {}) => ({
  messageId: randomUUID(), contextId: "", taskId: "", role: Role.ROLE_USER, parts: [text(value)],
  metadata: undefined, extensions: [], referenceTaskIds: [], ...extra,
});
const request = (msg, configuration) => ({ tenant: "", message: msg, configuration, metadata: undefined });
const sample = "The marketplace routes every call. Agents publish cards. Tenants pay per use. The marketplace bills tenants and pays publishers.";

test("the gateway card points at the gateway over both bindings with marketplace security", async () => {
  const response = await fetch(`${base}/a2a/agents/${textAgent}/.well-known/agent-card.json`);
  assert.equal(response.status, 200);
  assert.ok(response.headers.get("etag"));
  const card = await response.json();
  const bindings = Object.fromEntries(card.supportedInterfaces.filter((i) => i.protocolVersion === "1.0").map((i) => [i.protocolBinding, i]));
  assert.equal(bindings.JSONRPC.url, `${base}/a2a/agents/${textAgent}`);
  assert.equal(bindings["HTTP+JSON"].url, `${base}/a2a/agents/${textAgent}/rest`);
  assert.equal(bindings.JSONRPC.protocolVersion, "1.0");
  assert.ok(card.securitySchemes.marketplaceApiKey.apiKeySecurityScheme);
});

for (const transport of ["JSONRPC", "HTTP+JSON"]) {
  describe(`over ${transport}`, () => {
    let analyst;
    let converter;
    before(async () => {
      analyst = await clientFor(textAgent, transport);
      converter = await clientFor(converterAgent, transport);
    });

    test("a blocking send completes with an artifact", async () => {
      const result = await analyst.sendMessage(request(message(sample, { metadata: { skill: "keywords" } })));
      assert.equal(result.status.state, TaskState.TASK_STATE_COMPLETED);
      assert.ok(result.id.startsWith("tsk-"));
      assert.ok(result.artifacts.length > 0);
    });

    test("returnImmediately, then GetTask until it completes, and ListTasks sees it", async () => {
      const first = await analyst.sendMessage(request(message(sample, { metadata: { skill: "summarize", delayMs: 100 } }),
        { acceptedOutputModes: [], returnImmediately: true, historyLength: undefined, taskPushNotificationConfig: undefined }));
      const done = await until(async () => {
        const t = await analyst.getTask({ tenant: "", id: first.id, historyLength: 1 });
        return t.status.state === TaskState.TASK_STATE_COMPLETED && t;
      }, "the task to complete");
      assert.ok(done.history.length <= 1);
      assert.ok(done.artifacts[0].parts.length >= 1);
      const listed = await analyst.listTasks({ tenant: "", contextId: first.contextId, status: TaskState.TASK_STATE_UNSPECIFIED, pageSize: 10, pageToken: "", includeArtifacts: false });
      assert.ok(listed.tasks.some((t) => t.id === first.id));
    });

    test("a stream starts with the task and ends completed, artifacts arriving chunk by chunk", async () => {
      const events = [];
      for await (const e of analyst.sendMessageStream(request(message(sample, { metadata: { skill: "summarize", delayMs: 50 } })))) events.push(e);
      assert.equal(events[0].payload.$case, "task");
      const chunks = events.filter((e) => e.payload.$case === "artifactUpdate");
      assert.ok(chunks.length >= 2, `expected several artifact chunks, got ${chunks.length}`);
      const last = events.at(-1);
      assert.equal(last.payload.$case, "statusUpdate");
      assert.equal(last.payload.value.status.state, TaskState.TASK_STATE_COMPLETED);
      const stored = await analyst.getTask({ tenant: "", id: events[0].payload.value.id });
      assert.equal(stored.status.state, TaskState.TASK_STATE_COMPLETED);
    });

    test("cancel stops a slow task, and a subscriber sees it end", async () => {
      const started = await analyst.sendMessage(request(message(sample, { metadata: { skill: "summarize", delayMs: 3000, sentences: 3 } }),
        { acceptedOutputModes: [], returnImmediately: true, historyLength: undefined, taskPushNotificationConfig: undefined }));
      const seen = [];
      const subscription = (async () => {
        for await (const e of analyst.resubscribeTask({ tenant: "", id: started.id })) seen.push(e);
      })();
      await until(async () => seen.length > 0, "the subscription's first event");
      const canceled = await analyst.cancelTask({ tenant: "", id: started.id, metadata: undefined });
      assert.equal(canceled.status.state, TaskState.TASK_STATE_CANCELED);
      await subscription;
      const states = seen.map((e) => e.payload.value.status?.state).filter((s) => s !== undefined);
      assert.equal(states.at(-1), TaskState.TASK_STATE_CANCELED);
    });

    test("INPUT_REQUIRED, then a follow-up message completes the task", async () => {
      const asked = await converter.sendMessage(request(message("12 km")));
      assert.equal(asked.status.state, TaskState.TASK_STATE_INPUT_REQUIRED);
      const answered = await converter.sendMessage(request(message("mi", { taskId: asked.id, contextId: asked.contextId })));
      assert.equal(answered.id, asked.id);
      assert.equal(answered.status.state, TaskState.TASK_STATE_COMPLETED);
    });
  });
}

describe("push notifications", () => {
  let server;
  let webhook;
  const received = [];
  before(async () => {
    server = createServer((req, res) => {
      const chunks = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(200).end();
      });
    });
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    webhook = `http://127.0.0.1:${server.address().port}/hook`;
  });
  after(() => server.close());

  test("config CRUD, and signed deliveries a receiver can verify", async () => {
    const client = await clientFor(textAgent, "JSONRPC");
    const task = await client.sendMessage(request(message(sample, { metadata: { skill: "summarize", delayMs: 300 } }),
      { acceptedOutputModes: [], returnImmediately: true, historyLength: undefined, taskPushNotificationConfig: undefined }));
    const created = await client.createTaskPushNotificationConfig({ tenant: "", id: "", taskId: task.id, url: webhook, token: "receiver-token", authentication: undefined });
    assert.ok(created.id);
    const fetched = await client.getTaskPushNotificationConfig({ tenant: "", taskId: task.id, id: created.id });
    assert.equal(fetched.url, webhook);
    const listed = await client.listTaskPushNotificationConfig({ tenant: "", taskId: task.id, pageSize: 10, pageToken: "" });
    assert.equal(listed.configs.length, 1);

    const jwks = createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`));
    const final = await until(async () => received.find((r) => JSON.parse(r.body).statusUpdate?.status?.state === "TASK_STATE_COMPLETED"
      || JSON.parse(r.body).task?.status?.state === "TASK_STATE_COMPLETED"), "a completed notification", 30000);
    assert.equal(final.headers["x-a2a-notification-token"], "receiver-token");
    const jwt = final.headers.authorization.replace(/^Bearer /, "");
    const { payload } = await jwtVerify(jwt, jwks, { audience: webhook, issuer: base });
    assert.equal(payload.taskId, task.id);
    const { createHash } = await import("node:crypto");
    assert.equal(payload.request_body_sha256, createHash("sha256").update(final.body).digest("hex"));

    await client.deleteTaskPushNotificationConfig({ tenant: "", taskId: task.id, id: created.id });
    const after = await client.listTaskPushNotificationConfig({ tenant: "", taskId: task.id, pageSize: 10, pageToken: "" });
    assert.equal(after.configs.length, 0);
  });
});
