// Drives a tenant's orchestrator agent (its workflows as A2A skills) with the independent @a2a-js/sdk client.
// Environment: A2A_BASE (marketplace URL), A2A_KEY (tenant key), TENANT_ID, WORKFLOW_ID (keywords of input.text), SLOW_WORKFLOW_ID (a long delay).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { until } from "./until.mjs";
import { randomUUID } from "node:crypto";
import { ClientFactory, ClientFactoryOptions, JsonRpcTransportFactory, DefaultAgentCardResolver } from "@a2a-js/sdk/client";
import { Role, TaskState } from "@a2a-js/sdk";

const { A2A_BASE: base, A2A_KEY: key, TENANT_ID: tenant, WORKFLOW_ID: workflow, SLOW_WORKFLOW_ID: slowWorkflow } = process.env;
assert.ok(base && key && tenant && workflow && slowWorkflow, "A2A_BASE, A2A_KEY, TENANT_ID, WORKFLOW_ID and SLOW_WORKFLOW_ID are required");

const authedFetch = (url, init = {}) => fetch(url, { ...init, headers: { ...(init.headers ?? {}), "X-API-Key": key } });
const data = (value) => ({ content: { $case: "data", value }, metadata: undefined, filename: "", mediaType: "application/json" });
const message = (skill, input) => ({
  messageId: randomUUID(), contextId: "", taskId: "", role: Role.ROLE_USER, parts: [data(input)],
  metadata: { skill }, extensions: [], referenceTaskIds: [],
});
const request = (msg) => ({ tenant: "", message: msg, configuration: undefined, metadata: undefined });

let client;
before(async () => {
  const factory = new ClientFactory(ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
    transports: [new JsonRpcTransportFactory({ fetchImpl: authedFetch })],
    cardResolver: new DefaultAgentCardResolver({ fetchImpl: authedFetch }),
  }));
  client = await factory.createFromUrl(`${base}/a2a/workflows/${tenant}/`);
});

test("the orchestrator card offers the tenant's workflows as skills and needs the tenant's key", async () => {
  assert.equal((await fetch(`${base}/a2a/workflows/${tenant}/.well-known/agent-card.json`)).status, 401);
  const card = await (await authedFetch(`${base}/a2a/workflows/${tenant}/.well-known/agent-card.json`)).json();
  assert.ok(card.skills.some((s) => s.id === workflow));
  assert.equal(card.supportedInterfaces[0].url, `${base}/a2a/workflows/${tenant}`);
});

test("SendMessage starts a run; the task follows it to completion with the run's output", async () => {
  const started = await client.sendMessage(request(message(workflow, { text: "Agents publish cards. Tenants pay agents. Agents earn." })));
  assert.ok(started.id.startsWith("run-"));
  const done = await until(async () => {
    const t = await client.getTask({ tenant: "", id: started.id, historyLength: 0 });
    return t.status.state === TaskState.TASK_STATE_COMPLETED && t;
  }, "the run to complete");
  const output = done.artifacts[0].parts[0].content;
  assert.equal(output.$case, "data");
  assert.ok(JSON.stringify(output.value).includes("agents"));
  const run = await (await authedFetch(`${base}/api/runs/${started.id}`)).json();
  assert.equal(run.run.state, "completed");
});

test("a stream starts with the task and ends with the run's final state", async () => {
  const events = [];
  for await (const e of client.sendMessageStream(request(message(workflow, { text: "Streams end. Runs end." })))) events.push(e);
  assert.equal(events[0].payload.$case, "task");
  const last = events.at(-1);
  assert.equal(last.payload.$case, "statusUpdate");
  assert.equal(last.payload.value.status.state, TaskState.TASK_STATE_COMPLETED);
});

test("cancelling the task cancels the run", async () => {
  const started = await client.sendMessage(request(message(slowWorkflow, {})));
  await client.cancelTask({ tenant: "", id: started.id, metadata: undefined });
  const canceled = await until(async () => {
    const t = await client.getTask({ tenant: "", id: started.id, historyLength: 0 });
    return t.status.state === TaskState.TASK_STATE_CANCELED && t;
  }, "the run to be cancelled");
  assert.equal(canceled.id, started.id);
});

test("an unknown workflow is refused as invalid params", async () => {
  await assert.rejects(client.sendMessage(request(message("no-such-workflow", {}))), /-32602|no-such-workflow/);
});
