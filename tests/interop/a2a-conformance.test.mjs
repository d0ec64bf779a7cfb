// Requirements of the A2A specification checked the same way against an independent a2a-js agent directly and
// through the marketplace's gateway, over both bindings, with the independent @a2a-js/sdk client (and raw HTTP where
// the client cannot send what is checked).
// Environment: A2A_BASE (marketplace URL), A2A_KEY (caller tenant key), A2A_PUBLISHER_KEY (key that may list agents).
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import { ClientFactory, ClientFactoryOptions, JsonRpcTransportFactory, RestTransportFactory, DefaultAgentCardResolver } from "@a2a-js/sdk/client";
import { Role, TaskState } from "@a2a-js/sdk";
import { until } from "./until.mjs";
import { startQuestionAgent } from "./question-agent.mjs";

const { A2A_BASE: base, A2A_KEY: key, A2A_PUBLISHER_KEY: publisherKey } = process.env;
assert.ok(base && key && publisherKey, "A2A_BASE, A2A_KEY and A2A_PUBLISHER_KEY are required");

const keyed = (apiKey) => (url, init = {}) => fetch(url, { ...init, headers: { ...(init.headers ?? {}), "X-API-Key": apiKey } });
const text = (value) => ({ content: { $case: "text", value }, metadata: undefined, filename: "", mediaType: "" });
const message = (value, extra = {}) => ({
  messageId: randomUUID(), contextId: "", taskId: "", role: Role.ROLE_USER, parts: [text(value)],
  metadata: undefined, extensions: [], referenceTaskIds: [], ...extra,
});
const request = (msg) => ({ tenant: "", message: msg, configuration: undefined, metadata: undefined });
const stateOf = (e) => e.payload.value.status?.state;

let agent;
let hook;
let webhook;
const targets = {};
before(async () => {
  agent = await startQuestionAgent();
  hook = createServer((req, res) => req.resume().on("end", () => res.writeHead(200).end()));
  await new Promise((r) => hook.listen(0, "127.0.0.1", r));
  webhook = `http://127.0.0.1:${hook.address().port}/hook`;
  const listed = await keyed(publisherKey)(`${base}/api/agents`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ cardUrl: `${agent.url}.well-known/agent-card.json`, visibility: "public" }),
  });
  assert.equal(listed.status, 201, await listed.clone().text());
  const { agentId } = await listed.json();
  targets.direct = { url: agent.url, fetch, jsonRpc: `${agent.url}a2a/jsonrpc`, rest: `${agent.url}a2a/rest` };
  targets.gateway = { url: `${base}/a2a/agents/${agentId}/`, fetch: keyed(key), jsonRpc: `${base}/a2a/agents/${agentId}`, rest: `${base}/a2a/agents/${agentId}/rest`, unsupportedMediaStatus: 415 };
});
after(async () => {
  await agent?.stop();
  hook?.close();
});

async function clientFor(target, transport) {
  const factory = new ClientFactory(ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
    transports: [new JsonRpcTransportFactory({ fetchImpl: target.fetch }), new RestTransportFactory({ fetchImpl: target.fetch })],
    preferredTransports: [transport],
    cardResolver: new DefaultAgentCardResolver({ fetchImpl: target.fetch }),
  }));
  return factory.createFromUrl(target.url);
}

/** Raw POST with a declared content type the client would never send. */
const post = (target, url, contentType, body) =>
  target.fetch(url, { method: "POST", headers: { "Content-Type": contentType, "A2A-Version": "1.0" }, body: JSON.stringify(body) });

for (const where of ["direct", "gateway"]) {
  for (const transport of ["JSONRPC", "HTTP+JSON"]) {
    describe(`${where} over ${transport}`, () => {
      let client;
      let target;
      before(async () => {
        target = targets[where];
        client = await clientFor(target, transport);
      });

      test("deleting a push-notification config twice succeeds both times", async () => {
        const task = await client.sendMessage(request(message("12 km")));
        assert.equal(task.status.state, TaskState.TASK_STATE_INPUT_REQUIRED);
        const created = await client.createTaskPushNotificationConfig({ tenant: "", id: "", taskId: task.id, url: webhook, token: "t", authentication: undefined });
        await client.deleteTaskPushNotificationConfig({ tenant: "", taskId: task.id, id: created.id });
        await client.deleteTaskPushNotificationConfig({ tenant: "", taskId: task.id, id: created.id });
        const left = await client.listTaskPushNotificationConfig({ tenant: "", taskId: task.id, pageSize: 10, pageToken: "" });
        assert.equal(left.configs.length, 0);
      });

      test("subscribing to a task waiting for input sends it, stays open and delivers the rest until it completes", async () => {
        const asked = await client.sendMessage(request(message("12 km")));
        assert.equal(asked.status.state, TaskState.TASK_STATE_INPUT_REQUIRED);
        const seen = [];
        let ended = false;
        const subscription = (async () => {
          for await (const e of client.resubscribeTask({ tenant: "", id: asked.id })) seen.push(e);
          ended = true;
        })();
        await until(async () => seen.length > 0, "the subscription's first event");
        assert.equal(seen[0].payload.$case, "task");
        assert.equal(stateOf(seen[0]), TaskState.TASK_STATE_INPUT_REQUIRED);
        assert.equal(ended, false, "the subscription closed while the task waits for input");

        const answered = await client.sendMessage(request(message("miles", { taskId: asked.id, contextId: asked.contextId })));
        assert.equal(answered.status.state, TaskState.TASK_STATE_COMPLETED);
        await subscription;
        const states = seen.map(stateOf).filter((s) => s !== undefined);
        assert.equal(states.at(-1), TaskState.TASK_STATE_COMPLETED, `states seen: ${states.join(", ")}`);
      });

      test("a body declared as anything but JSON is refused as unsupported content, and no task runs", async () => {
        const contextId = `ctx-${randomUUID()}`;
        const body = { message: { messageId: randomUUID(), role: "ROLE_USER", contextId, parts: [{ text: "12 km" }] } };
        if (transport === "JSONRPC") {
          const response = await post(target, target.jsonRpc, "text/plain", { jsonrpc: "2.0", id: 1, method: "SendMessage", params: body });
          const envelope = await response.json();
          assert.equal(envelope.error?.code, -32005, JSON.stringify(envelope));
        } else {
          const response = await post(target, `${target.rest}/message:send`, "text/plain", body);
          const error = (await response.json()).error;
          if (target.unsupportedMediaStatus) assert.equal(response.status, target.unsupportedMediaStatus);
          else assert.ok(response.status >= 400 && response.status < 500, `status ${response.status}`);
          assert.ok(error.details.some((d) => d.reason === "CONTENT_TYPE_NOT_SUPPORTED"), JSON.stringify(error));
        }
        const listed = await client.listTasks({ tenant: "", contextId, status: TaskState.TASK_STATE_UNSPECIFIED, pageSize: 10, pageToken: "", includeArtifacts: false });
        assert.equal(listed.tasks.length, 0);
      });
    });
  }
}
