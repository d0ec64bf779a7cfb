// Signed agent cards (A2A 1.0 §8.4) with the signing and verification of the independent @a2a-js/sdk (over jose):
// cards it signs are verified at publish, tampered ones refused, signer changes flagged; the cards the gateway
// serves verify with it against the platform's published key set.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import * as jose from "jose";
import { generateAgentCardSignature, verifyAgentCardSignature } from "@a2a-js/sdk";

const base = process.env.A2A_BASE;
const keyed = (key) => (url, init = {}) => fetch(url, { ...init, headers: { "Content-Type": "application/json", ...(init.headers ?? {}), "X-API-Key": key } });
const publisher = keyed(process.env.PUBLISHER_KEY);
const caller = keyed(process.env.CALLER_KEY);

const card = (name) => ({
  name, description: "Answers with what it was sent.", version: "1.0.0",
  supportedInterfaces: [{ url: "https://echo.example.com/a2a", protocolBinding: "JSONRPC", protocolVersion: "1.0" }],
  provider: { url: "https://echo.example.com", organization: "Echo Inc" },
  capabilities: { streaming: false, pushNotifications: false, extensions: [{ uri: "https://echo.example.com/ext", required: false, params: { depth: 2, ratio: 0.25, empty: "" } }] },
  defaultInputModes: ["text/plain"], defaultOutputModes: ["text/plain"],
  skills: [{ id: "echo", name: "Echo", description: "Echoes text — «verbatim»", tags: ["test"], examples: ["hello"], inputModes: [] }],
});

let keySet;
let jku;
let main;
let other;
before(async () => {
  main = await jose.generateKeyPair("ES256", { extractable: true });
  other = await jose.generateKeyPair("ES256", { extractable: true });
  const published = { ...(await jose.exportJWK(main.publicKey)), kid: "main-1", alg: "ES256", use: "sig" };
  keySet = createServer((req, res) => res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ keys: [published] })));
  await new Promise((r) => keySet.listen(0, "127.0.0.1", r));
  jku = `http://127.0.0.1:${keySet.address().port}/jwks.json`;
});
after(() => keySet?.close());

const signWithKeySet = (kid = "main-1") => generateAgentCardSignature(main.privateKey, { alg: "ES256", typ: "JOSE", kid, jku });
const signInline = async (pair, kid) => generateAgentCardSignature(pair.privateKey, { alg: "ES256", typ: "JOSE", kid, jwk: await jose.exportJWK(pair.publicKey) });

async function publish(signed) {
  return publisher(`${base}/api/agents`, { method: "POST", body: JSON.stringify({ card: signed, visibility: "public" }) });
}

test("a card signed with a key from its key set is verified, and its signer recorded", async () => {
  const response = await publish(await signWithKeySet()(card("Signed by key set")));
  const listing = await response.json();
  assert.equal(response.status, 201, JSON.stringify(listing));
  assert.equal(listing.verified, true);
  assert.equal(listing.signer.keyThumbprint, await jose.calculateJwkThumbprint(await jose.exportJWK(main.publicKey)));
  assert.equal(listing.signer.keyId, "main-1");
  assert.equal(listing.signer.algorithm, "ES256");
  assert.equal(listing.signer.jwksHost, "127.0.0.1");
});

test("a card carrying its key in the header is verified without a key set", async () => {
  const response = await publish(await (await signInline(other, "inline"))(card("Signed inline")));
  const listing = await response.json();
  assert.equal(response.status, 201, JSON.stringify(listing));
  assert.equal(listing.verified, true);
  assert.equal(listing.signer.keyThumbprint, await jose.calculateJwkThumbprint(await jose.exportJWK(other.publicKey)));
  assert.equal(listing.signer.jwksHost, undefined);
});

test("a card changed after signing is refused, naming the signature", async () => {
  const signed = await signWithKeySet()(card("Tampered"));
  signed.description = "Now does something else.";
  const response = await publish(signed);
  const problem = await response.json();
  assert.equal(response.status, 400, JSON.stringify(problem));
  assert.deepEqual(problem.errors.map((e) => e.path), ["$.card.signatures[0].signature"]);
});

test("a signature naming a key its key set lacks is refused", async () => {
  const response = await publish(await signWithKeySet("gone-2")(card("Unknown key")));
  const problem = await response.json();
  assert.equal(response.status, 400, JSON.stringify(problem));
  assert.equal(problem.errors[0].path, "$.card.signatures[0].protected");
  assert.match(problem.errors[0].message, /no key 'gone-2'/);
});

test("an unsigned card is listed unverified", async () => {
  const response = await publish(card("Unsigned"));
  const listing = await response.json();
  assert.equal(response.status, 201, JSON.stringify(listing));
  assert.equal(listing.verified, false);
  assert.equal(listing.signer, undefined);
});

test("a new version that drops or changes the signer is flagged in the version history", async () => {
  const created = await (await publish(await signWithKeySet()(card("Re-signed")))).json();
  const put = (body, version) => publisher(`${base}/api/agents/${created.agentId}`, { method: "PUT", headers: { "If-Match": `"v${version}"` }, body: JSON.stringify(body) });
  const dropped = await put({ card: card("Re-signed") }, 1);
  assert.equal(dropped.status, 200, await dropped.clone().text());
  const v2 = await dropped.json();
  assert.equal(v2.verified, false);
  assert.equal(v2.signerChange, "dropped");
  const changed = await (await put({ card: await (await signInline(other, "new"))(card("Re-signed")) }, 2)).json();
  assert.equal(changed.signerChange, "changed");
  const same = await (await put({ visibility: "public" }, 3)).json();
  assert.equal(same.signerChange, undefined);
  assert.equal(same.signer.keyId, "new");
  const history = await (await caller(`${base}/api/agents/${created.agentId}/versions`)).json();
  assert.deepEqual(history.versions.map((v) => [v.version, v.verified, v.signerChange ?? null]).sort((a, b) => a[0] - b[0]),
    [[1, true, null], [2, false, "dropped"], [3, true, "changed"], [4, true, null]]);
});

test("the cards the gateway serves verify against the platform's key set, and stop verifying once changed", async () => {
  const created = await (await publish(card("Served"))).json();
  const served = await (await caller(`${base}/a2a/agents/${created.agentId}/.well-known/agent-card.json`)).json();
  assert.equal(served.signatures.length, 1);
  const seen = [];
  const verify = verifyAgentCardSignature(async (kid, keySetUrl) => {
    seen.push(keySetUrl);
    const jwks = await (await fetch(keySetUrl)).json();
    return jose.importJWK(jwks.keys.find((k) => k.kid === kid), "ES256");
  });
  await verify(served);
  assert.deepEqual(seen, [`${base}/.well-known/jwks.json`]);
  await assert.rejects(verify({ ...served, supportedInterfaces: [{ url: "https://evil.example.com/a2a", protocolBinding: "JSONRPC", protocolVersion: "1.0" }] }));
});

test("a key set URL the outbound guard refuses is never fetched, and the card is refused", async () => {
  const metadata = generateAgentCardSignature(main.privateKey, { alg: "ES256", typ: "JOSE", kid: "main-1", jku: "http://169.254.169.254/latest/jwks.json" });
  const response = await publish(await metadata(card("Metadata key set")));
  const problem = await response.json();
  assert.equal(response.status, 400, JSON.stringify(problem));
  assert.equal(problem.errors[0].path, "$.card.signatures[0].protected");
  assert.match(problem.errors[0].message, /key set URL is refused/);
});

test("search filters on verified listings and shows each hit's signer", async () => {
  const signed = await (await publish(await signWithKeySet()(card("Filtered signed")))).json();
  const unsigned = await (await publish(card("Filtered unsigned"))).json();
  const search = async (verified) => (await (await caller(`${base}/api/agents?publisher=${signed.publisherTenantId}&limit=100&verified=${verified}`)).json()).items;
  const onlySigned = await search("true");
  assert.ok(onlySigned.some((h) => h.agentId === signed.agentId && h.verified && h.signer.keyId === "main-1"));
  assert.ok(onlySigned.every((h) => h.verified) && !onlySigned.some((h) => h.agentId === unsigned.agentId));
  const onlyUnsigned = await search("false");
  assert.ok(onlyUnsigned.some((h) => h.agentId === unsigned.agentId) && onlyUnsigned.every((h) => !h.verified && h.signer === undefined));
  const bad = await caller(`${base}/api/agents?verified=yes`);
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).errors[0].path, "verified");
});
