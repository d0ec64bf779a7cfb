// A2A 0.3 and 1.0 through the gateway in every combination: a client of the a2a-js SDK at 0.3 (npm alias
// a2a-js-sdk-v03) and at 1.x, against an agent built on each (question-agent-v03.mjs, question-agent.mjs), both listed
// by card URL. Environment: A2A_BASE (marketplace URL), A2A_KEY (caller tenant key), A2A_PUBLISHER_KEY.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import * as v1 from "@a2a-js/sdk/client";
import * as v03 from "a2a-js-sdk-v03/client";
import { Role, TaskState } from "@a2a-js/sdk";
import { startQuestionAgent } from "./question-agent.mjs";
import { startQuestionAgentV03 } from "./question-agent-v03.mjs";

const { A2A_BASE: base, A2A_KEY: key, A2A_PUBLISHER_KEY: publisherKey } = process.env;
assert.ok(base && key && publisherKey, "A2A_BASE, A2A_KEY and A2A_PUBLISHER_KEY are required");

const keyed = (apiKey) => (url, init = {}) => fetch(url, { ...init, headers: { ...(init.headers ?? {}), "X-API-Key": apiKey } });
const caller = keyed(key);

// 1.x states by their 0.3 names, so both clients' answers compare alike.
const v1States = Object.fromEntries(Object.entries(TaskState).filter(([name]) => name.startsWith("TASK_STATE_"))
  .map(([name, value]) => [value, name.slice("TASK_STATE_".length).toLowerCase().replace("_", "-")]));

async function* mapEvents(events, map) {
  for await (const e of events) yield map(e);
}

/** The operations a test needs, with each client's own request shapes, answering in one normalized form. */
const clients = {
  "0.3": async (url) => {
    const factory = new v03.ClientFactory(v03.ClientFactoryOptions.createFrom(v03.ClientFactoryOptions.default, {
      transports: [new v03.JsonRpcTransportFactory({ fetchImpl: caller })],
      cardResolver: new v03.DefaultAgentCardResolver({ fetchImpl: caller }),
    }));
    const client = await factory.createFromUrl(url);
    const task = (t) => ({ id: t.id, kind: t.kind, state: t.status.state, text: (t.artifacts ?? []).flatMap((a) => a.parts).map((p) => p.text).join("") });
    const message = (text, taskId) => ({ message: { kind: "message", messageId: randomUUID(), role: "user", parts: [{ kind: "text", text }], taskId } });
    return {
      send: async (text, taskId) => task(await client.sendMessage(message(text, taskId))),
      stream: async (text, taskId) => {
        const events = [];
        for await (const e of client.sendMessageStream(message(text, taskId))) events.push({ kind: e.kind, state: e.status?.state, id: e.id ?? e.taskId });
        return events;
      },
      get: async (id) => task(await client.getTask({ id })),
      subscribe: (id) => mapEvents(client.resubscribeTask({ id }), (e) => ({ kind: e.kind, state: e.status?.state })),
      cancel: async (id) => task(await client.cancelTask({ id })),
      setPush: async (taskId, url) => (await client.setTaskPushNotificationConfig({ taskId, pushNotificationConfig: { url, token: "tok" } })).pushNotificationConfig.id,
      getPush: async (taskId, id) => (await client.getTaskPushNotificationConfig({ id: taskId, pushNotificationConfigId: id })).pushNotificationConfig.url,
    };
  },
  "1.0": async (url) => {
    const factory = new v1.ClientFactory(v1.ClientFactoryOptions.createFrom(v1.ClientFactoryOptions.default, {
      transports: [new v1.JsonRpcTransportFactory({ fetchImpl: caller })],
      preferredTransports: ["JSONRPC"],
      cardResolver: new v1.DefaultAgentCardResolver({ fetchImpl: caller }),
    }));
    const client = await factory.createFromUrl(url);
    const task = (t) => ({ id: t.id, kind: "task", state: v1States[t.status.state], text: (t.artifacts ?? []).flatMap((a) => a.parts).map((p) => p.content?.value ?? "").join("") });
    const kinds = { task: "task", message: "message", statusUpdate: "status-update", artifactUpdate: "artifact-update" };
    const request = (text, taskId = "") => ({
      tenant: "", configuration: undefined, metadata: undefined,
      message: { messageId: randomUUID(), contextId: "", taskId, role: Role.ROLE_USER, parts: [{ content: { $case: "text", value: text }, metadata: undefined, filename: "", mediaType: "" }], metadata: undefined, extensions: [], referenceTaskIds: [] },
    });
    return {
      send: async (text, taskId) => task(await client.sendMessage(request(text, taskId))),
      stream: async (text, taskId) => {
        const events = [];
        for await (const e of client.sendMessageStream(request(text, taskId))) {
          const value = e.payload.value;
          events.push({ kind: kinds[e.payload.$case], state: value.status ? v1States[value.status.state] : undefined, id: value.id ?? value.taskId });
        }
        return events;
      },
      get: async (id) => task(await client.getTask({ tenant: "", id, historyLength: undefined })),
      subscribe: (id) => mapEvents(client.resubscribeTask({ tenant: "", id }),
        (e) => ({ kind: kinds[e.payload.$case], state: e.payload.value.status ? v1States[e.payload.value.status.state] : undefined })),
      cancel: async (id) => task(await client.cancelTask({ tenant: "", id, metadata: undefined })),
      setPush: async (taskId, url) => (await client.createTaskPushNotificationConfig({ tenant: "", id: "", taskId, url, token: "tok", authentication: undefined })).id,
      getPush: async (taskId, id) => (await client.getTaskPushNotificationConfig({ tenant: "", taskId, id })).url,
    };
  },
};

const agents = {};
let hook;
let webhook;
before(async () => {
  hook = createServer((req, res) => req.resume().on("end", () => res.writeHead(200).end()));
  await new Promise((r) => hook.listen(0, "127.0.0.1", r));
  webhook = `http://127.0.0.1:${hook.address().port}/hook`;
  for (const [version, start] of [["0.3", startQuestionAgentV03], ["1.0", startQuestionAgent]]) {
    const agent = await start();
    const listed = await keyed(publisherKey)(`${base}/api/agents`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ cardUrl: `${agent.url}.well-known/agent-card.json`, visibility: "public" }),
    });
    assert.equal(listed.status, 201, await listed.clone().text());
    agents[version] = { agent, listing: await listed.json() };
  }
});
after(async () => {
  for (const { agent } of Object.values(agents)) await agent.stop();
  hook?.close();
});

test("a 0.3 card published by URL is listed as a 1.0 card with its protocol version", async () => {
  const { agent, listing } = agents["0.3"];
  assert.equal(listing.protocolVersion, "0.3");
  assert.deepEqual(listing.card.supportedInterfaces, [{ url: `${agent.url}a2a/jsonrpc`, protocolBinding: "JSONRPC", protocolVersion: "0.3.0" }]);
  assert.deepEqual(listing.card.securitySchemes.key, { apiKeySecurityScheme: { location: "header", name: "X-Agent-Key" } });
  assert.deepEqual(listing.card.securityRequirements, [{ schemes: { key: { list: [] } } }]);
  assert.equal(listing.card.capabilities.streaming, true);
  assert.equal(agents["1.0"].listing.protocolVersion, "1.0");

  const search = await (await caller(`${base}/api/agents?q=${encodeURIComponent("units question legacy")}&mode=keyword`)).json();
  const hit = search.items.find((i) => i.agentId === listing.agentId);
  assert.ok(hit, JSON.stringify(search));
  assert.equal(hit.protocolVersion, "0.3");
});

test("the gateway card serves 1.0 clients and 0.3 clients from the same JSON-RPC endpoint", async () => {
  const { listing } = agents["0.3"];
  const card = await (await fetch(`${base}/a2a/agents/${listing.agentId}/.well-known/agent-card.json`)).json();
  const endpoint = `${base}/a2a/agents/${listing.agentId}`;
  assert.deepEqual(card.supportedInterfaces.map((i) => [i.protocolBinding, i.protocolVersion, i.url]),
    [["JSONRPC", "1.0", endpoint], ["HTTP+JSON", "1.0", `${endpoint}/rest`], ["JSONRPC", "0.3.0", endpoint]]);
  assert.equal(card.url, endpoint);
  assert.equal(card.preferredTransport, "JSONRPC");
  assert.equal(card.protocolVersion, "0.3.0");
});

for (const clientVersion of ["0.3", "1.0"]) {
  for (const agentVersion of ["0.3", "1.0"]) {
    describe(`a ${clientVersion} client through the gateway to a ${agentVersion} agent`, () => {
      let client;
      before(async () => {
        client = await clients[clientVersion](`${base}/a2a/agents/${agents[agentVersion].listing.agentId}/`);
      });

      test("a blocking send asks, the answer completes it with an artifact, and get reads it back", async () => {
        const asked = await client.send("convert 12");
        assert.equal(asked.kind, "task");
        assert.match(asked.id, /^tsk-/);
        assert.equal(asked.state, "input-required");
        const done = await client.send("km", asked.id);
        assert.equal(done.id, asked.id);
        assert.equal(done.state, "completed");
        assert.equal(done.text, "In km.");
        assert.deepEqual(await client.get(asked.id), done);
      });

      test("a stream starts with the task and ends each turn with its state", async () => {
        const first = await client.stream("convert 3");
        assert.equal(first[0].kind, "task");
        assert.equal(first.at(-1).state, "input-required");
        const second = await client.stream("miles", first[0].id);
        assert.ok(second.some((e) => e.kind === "artifact-update"), JSON.stringify(second));
        assert.equal(second.at(-1).state, "completed");
        assert.equal((await client.get(first[0].id)).text, "In miles.");
      });

      test("a subscription follows the task through the answer to its end", async () => {
        const asked = await client.send("convert 9");
        const subscription = client.subscribe(asked.id)[Symbol.asyncIterator]();
        const first = await subscription.next();
        assert.equal(first.value.state, "input-required");
        await client.send("feet", asked.id);
        const seen = [];
        for (let e = await subscription.next(); !e.done; e = await subscription.next()) seen.push(e.value);
        assert.equal(seen.at(-1).state, "completed", JSON.stringify(seen));
      });

      test("a task waiting for input is canceled", async () => {
        const asked = await client.send("convert 5");
        assert.equal((await client.cancel(asked.id)).state, "canceled");
        assert.equal((await client.get(asked.id)).state, "canceled");
      });

      test("a push config is set and read back", async () => {
        const asked = await client.send("convert 7");
        const id = await client.setPush(asked.id, webhook);
        assert.ok(id);
        assert.equal(await client.getPush(asked.id, id), webhook);
      });

      test("an unknown task is TaskNotFound", async () => {
        await assert.rejects(client.get("tsk-unknown"), /-32001|not found/i);
      });
    });
  }
}

test("the 0.3 agent was called in 0.3 only, never with A2A-Version", () => {
  const seen = agents["0.3"].agent.versionHeaders;
  // At least each client's eight sends and one cancel reached it (reads are served from the gateway's own record).
  assert.ok(seen.length >= 18, `${seen.length} calls`);
  assert.deepEqual([...new Set(seen)], [null]);
});
