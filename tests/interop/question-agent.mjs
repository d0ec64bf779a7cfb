// An agent built only on the independent @a2a-js/sdk server (JSON-RPC and HTTP+JSON, streaming, push configs): every
// new task asks the caller a question (TASK_STATE_INPUT_REQUIRED); the answer completes it after a short pause, with
// a working update and an artifact on the way. It lets the suites compare the gateway with an a2a-js agent directly.
import express from "express";
import { randomUUID } from "node:crypto";
import { AgentEvent, DefaultRequestHandler, InMemoryPushNotificationStore, InMemoryTaskStore } from "@a2a-js/sdk/server";
import { agentCardHandler, jsonRpcHandler, restHandler, UserBuilder } from "@a2a-js/sdk/server/express";
import { Role, TaskState } from "@a2a-js/sdk";

const text = (value) => ({ content: { $case: "text", value }, metadata: undefined, filename: "", mediaType: "text/plain" });
const agentMessage = (value, taskId, contextId) => ({
  messageId: randomUUID(), contextId, taskId, role: Role.ROLE_AGENT, parts: [text(value)], metadata: undefined, extensions: [], referenceTaskIds: [],
});
const status = (state, message) => ({ state, message, timestamp: new Date().toISOString() });

const executor = {
  async execute(context, bus) {
    const { taskId, contextId, task } = context;
    if (!task) {
      bus.publish(AgentEvent.task({
        id: taskId, contextId, history: [context.userMessage], artifacts: [], metadata: undefined, status: status(TaskState.TASK_STATE_SUBMITTED, undefined),
      }));
      bus.publish(AgentEvent.statusUpdate({
        taskId, contextId, metadata: undefined, status: status(TaskState.TASK_STATE_INPUT_REQUIRED, agentMessage("Which unit?", taskId, contextId)),
      }));
      return;
    }
    bus.publish(AgentEvent.task({ ...task, status: status(TaskState.TASK_STATE_WORKING, undefined) }));
    await new Promise((r) => setTimeout(r, 300));
    const answer = context.userMessage.parts.map((p) => p.content?.value ?? "").join(" ");
    bus.publish(AgentEvent.artifactUpdate({
      taskId, contextId, append: false, lastChunk: true, metadata: undefined,
      artifact: { artifactId: "answer", name: "answer", description: "", parts: [text(`In ${answer}.`)], metadata: undefined, extensions: [] },
    }));
    bus.publish(AgentEvent.statusUpdate({ taskId, contextId, status: status(TaskState.TASK_STATE_COMPLETED, undefined), metadata: undefined }));
  },
  async cancelTask(taskId, bus) {
    bus.publish(AgentEvent.statusUpdate({ taskId, contextId: "", status: status(TaskState.TASK_STATE_CANCELED, undefined), metadata: undefined }));
  },
};

/** Starts the agent on a free loopback port; returns its base URL (ending in '/') and a stop function. */
export async function startQuestionAgent() {
  const app = express();
  const server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const base = `http://127.0.0.1:${server.address().port}`;
  const card = {
    name: "Question Agent", description: "Asks which unit, then answers.", version: "1.0.0", provider: undefined,
    supportedInterfaces: [
      { url: `${base}/a2a/jsonrpc`, protocolBinding: "JSONRPC", tenant: "", protocolVersion: "1.0" },
      { url: `${base}/a2a/rest`, protocolBinding: "HTTP+JSON", tenant: "", protocolVersion: "1.0" },
    ],
    capabilities: { streaming: true, pushNotifications: true, extensions: [] },
    securitySchemes: {}, securityRequirements: [], defaultInputModes: ["text/plain"], defaultOutputModes: ["text/plain"], signatures: [],
    skills: [{ id: "ask", name: "Ask", description: "Asks a question before answering", tags: ["interop"], examples: [], inputModes: [], outputModes: [], securityRequirements: [] }],
  };
  const handler = new DefaultRequestHandler(card, new InMemoryTaskStore(), executor, undefined, new InMemoryPushNotificationStore());
  app.use("/.well-known/agent-card.json", agentCardHandler({ agentCardProvider: handler }));
  app.use("/a2a/jsonrpc", jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
  app.use("/a2a/rest", restHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
  return {
    url: `${base}/`,
    stop: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}
