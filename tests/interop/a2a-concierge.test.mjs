// Drives the marketplace's concierge agent (root agent card) with the independent @a2a-js/sdk client.
// Environment: A2A_BASE (marketplace URL), KEY_A (owner key of the tenant listing the probe agent privately),
// KEY_B (a key of another tenant), PROBE_ID (the probe's agent id), MARKER (a word only the probe's name holds).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { ClientFactory, ClientFactoryOptions, JsonRpcTransportFactory, DefaultAgentCardResolver } from "@a2a-js/sdk/client";
import { Role } from "@a2a-js/sdk";

const { A2A_BASE: base, KEY_A: keyA, KEY_B: keyB, PROBE_ID: probe, MARKER: marker } = process.env;
assert.ok(base && keyA && keyB && probe && marker, "A2A_BASE, KEY_A, KEY_B, PROBE_ID and MARKER are required");

const fetchWith = (key) => (url, init = {}) => fetch(url, { ...init, headers: { ...(init.headers ?? {}), "X-API-Key": key } });
const text = (value) => ({ content: { $case: "text", value }, metadata: undefined, filename: "", mediaType: "text/plain" });
const request = (skill, words) => ({
  tenant: "",
  message: { messageId: randomUUID(), contextId: "", taskId: "", role: Role.ROLE_USER, parts: [text(words)], metadata: { skill }, extensions: [], referenceTaskIds: [] },
  configuration: undefined,
  metadata: undefined,
});
const texts = (message) => message.parts.filter((p) => p.content?.$case === "text").map((p) => p.content.value);
const data = (message) => message.parts.filter((p) => p.content?.$case === "data").map((p) => p.content.value);

async function connect(key) {
  const factory = new ClientFactory(ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
    transports: [new JsonRpcTransportFactory({ fetchImpl: fetchWith(key) })],
    cardResolver: new DefaultAgentCardResolver({ fetchImpl: fetchWith(key) }),
  }));
  return factory.createFromUrl(`${base}/`);
}

let clientA;
before(async () => {
  clientA = await connect(keyA);
});

test("the root agent card is public and points at the concierge endpoint with both skills", async () => {
  const response = await fetch(`${base}/.well-known/agent-card.json`);
  assert.equal(response.status, 200);
  const card = await response.json();
  assert.equal(card.name, "Marketplace Concierge");
  assert.equal(card.supportedInterfaces[0].url, `${base}/a2a/concierge`);
  assert.equal(card.supportedInterfaces[0].protocolBinding, "JSONRPC");
  assert.deepEqual(card.skills.map((s) => s.id), ["find-agent", "delegate"]);
});

test("find-agent ranks the agents the caller may see, with why, as text and a data part", async () => {
  const answer = await clientA.sendMessage(request("find-agent", `find ${marker} for me`));
  assert.ok(answer.messageId, JSON.stringify(answer));
  const [findings] = data(answer);
  assert.equal(findings.agents[0].agentId, probe, JSON.stringify(findings));
  assert.ok(findings.agents[0].why.terms.includes(marker));
  assert.equal(findings.agents[0].jsonRpcEndpoint, `${base}/a2a/agents/${probe}`);
  assert.match(texts(answer)[0], new RegExp(`^1\\. .*${marker}.*\\(${probe}\\)`));

  // Another tenant's concierge never sees the private listing.
  const clientB = await connect(keyB);
  const theirs = data(await clientB.sendMessage(request("find-agent", `find ${marker} for me`)))[0];
  assert.ok(theirs.agents.every((a) => a.agentId !== probe), JSON.stringify(theirs));
});

test("delegate runs the best agent through the gateway and returns its answer and task", async () => {
  const answer = await clientA.sendMessage(request("delegate", `echo ${marker} please`));
  assert.ok(texts(answer).includes(`echo: echo ${marker} please`), JSON.stringify(answer));
  const delegation = data(answer).find((d) => d.agentId);
  assert.equal(delegation.agentId, probe);
  assert.equal(delegation.skillId, "echo");
  assert.equal(delegation.state, "TASK_STATE_COMPLETED");
  // The task is the gateway's, billed and recorded as any call of the agent: the caller reads it back there.
  const rpc = await fetchWith(keyA)(`${base}/a2a/agents/${probe}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "A2A-Version": "1.0" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "GetTask", params: { id: delegation.taskId } }),
  });
  const task = (await rpc.json()).result;
  assert.equal(task.status.state, "TASK_STATE_COMPLETED");
});

test("the concierge needs a key, and refuses an unknown skill and an empty request", async () => {
  const anonymous = await fetch(`${base}/a2a/concierge`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "A2A-Version": "1.0" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "SendMessage", params: { message: { messageId: "m", role: "ROLE_USER", parts: [{ text: "hi" }] } } }),
  });
  const refused = await anonymous.json();
  assert.ok(refused.error, JSON.stringify(refused));
  await assert.rejects(() => clientA.sendMessage(request("sing", "hi")), /skill/);
  await assert.rejects(() => clientA.sendMessage(request("find-agent", "  ")), /parts/);
});
