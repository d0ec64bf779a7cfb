// The question agent of question-agent.mjs built on the a2a-js server at its 0.3 release (npm alias a2a-js-sdk-v03):
// A2A 0.3 JSON-RPC only, a 0.3 card (url + preferredTransport), `kind` parts and events, kebab-case states. Every new
// task asks which unit (input-required); the answer completes it after a short pause, with a working update and an
// artifact on the way.
import express from "express";
import { randomUUID } from "node:crypto";
import { DefaultRequestHandler, InMemoryPushNotificationStore, InMemoryTaskStore } from "a2a-js-sdk-v03/server";
import { agentCardHandler, jsonRpcHandler, UserBuilder } from "a2a-js-sdk-v03/server/express";

const agentMessage = (text, taskId, contextId) => ({ kind: "message", messageId: randomUUID(), role: "agent", parts: [{ kind: "text", text }], taskId, contextId });
const status = (state, message) => ({ state, message, timestamp: new Date().toISOString() });

const executor = {
  async execute(context, bus) {
    const { taskId, contextId, task, userMessage } = context;
    if (!task) {
      bus.publish({ kind: "task", id: taskId, contextId, history: [userMessage], status: status("submitted") });
      bus.publish({ kind: "status-update", taskId, contextId, status: status("input-required", agentMessage("Which unit?", taskId, contextId)), final: true });
      bus.finished();
      return;
    }
    bus.publish({ kind: "status-update", taskId, contextId, status: status("working"), final: false });
    await new Promise((r) => setTimeout(r, 300));
    const answer = userMessage.parts.filter((p) => p.kind === "text").map((p) => p.text).join(" ");
    bus.publish({ kind: "artifact-update", taskId, contextId, append: false, lastChunk: true, artifact: { artifactId: "answer", name: "answer", parts: [{ kind: "text", text: `In ${answer}.` }] } });
    bus.publish({ kind: "status-update", taskId, contextId, status: status("completed"), final: true });
    bus.finished();
  },
  async cancelTask(taskId, bus) {
    bus.publish({ kind: "status-update", taskId, contextId: "", status: status("canceled"), final: true });
    bus.finished();
  },
};

/** Starts the agent on a free loopback port; returns its base URL (ending in '/'), the A2A-Version of each call, and a stop function. */
export async function startQuestionAgentV03() {
  const app = express();
  // What the gateway declares to it: a 0.3 agent must be called without A2A-Version (its absence means 0.3).
  const versionHeaders = [];
  app.use((req, _res, next) => {
    if (req.method === "POST") versionHeaders.push(req.headers["a2a-version"] ?? null);
    next();
  });
  const server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const base = `http://127.0.0.1:${server.address().port}`;
  const card = {
    name: "Question Agent 0.3", description: "Asks which unit, then answers; speaks A2A 0.3.", version: "0.3.1", protocolVersion: "0.3.0",
    url: `${base}/a2a/jsonrpc`, preferredTransport: "JSONRPC",
    provider: { organization: "Interop Tests", url: "https://interop.example.com" },
    capabilities: { streaming: true, pushNotifications: true, stateTransitionHistory: false },
    securitySchemes: { key: { type: "apiKey", in: "header", name: "X-Agent-Key" } }, security: [{ key: [] }],
    defaultInputModes: ["text/plain"], defaultOutputModes: ["text/plain"],
    skills: [{ id: "ask-v03", name: "Ask in 0.3", description: "Asks a question about units before answering", tags: ["interop", "legacy"], examples: ["12 km"] }],
  };
  const handler = new DefaultRequestHandler(card, new InMemoryTaskStore(), executor, undefined, new InMemoryPushNotificationStore());
  app.use("/.well-known/agent-card.json", agentCardHandler({ agentCardProvider: handler }));
  app.use("/a2a/jsonrpc", jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
  return {
    url: `${base}/`,
    versionHeaders,
    stop: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}
