// The local OpenID provider: oidc-provider (a certified OpenID Connect implementation) on loopback, with the demo
// users, a client-credentials client for the demo service, and public PKCE clients for the console and the CLI.
// Access tokens for the marketplace API are JWTs whose `aud` is the API's resource (resource indicators, RFC 8707).
//
//   node scripts/oidc-provider.mjs --port 7080 [--issuer URL] [--resource URL] [--keys FILE] [--out FILE]
//                                  [--console-origin URL] [--config FILE]
//
// --keys   a private JWKS; created (RS256) when missing, so tokens stay valid across restarts.
// --out    where to write what a script needs (issuer, the service client and its secret, the users); an existing
//          file's client secret is kept.
// --config a JSON file overriding { users, serviceClientId, serviceClientSecret, resource, cliClients }; cliClients
//          lists the native CLI clients as { clientId, accessTokenTTL?, deviceCodeTTL? } (default: marketplace-cli).
// Exits when stdin closes only if started with --exit-with-stdin (test fixtures), and on SIGINT/SIGTERM.
import { createServer } from "node:http";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import Provider, { errors } from "oidc-provider";

const args = parseArgs(process.argv.slice(2));
const port = Number(args.port ?? 7080);
const issuer = (args.issuer ?? `http://127.0.0.1:${port}`).replace(/\/$/, "");
const consoleOrigin = (args["console-origin"] ?? "http://127.0.0.1:7071").replace(/\/$/, "");
const overrides = args.config ? JSON.parse(readFileSync(args.config, "utf8")) : {};
const resource = (overrides.resource ?? args.resource ?? consoleOrigin).replace(/\/$/, "");
const scope = "marketplace";

const users = overrides.users ?? [
  { name: "alice", password: "alice-demo-password", displayName: "Alice Owner", email: "alice@demo.example", role: "owner" },
  { name: "bob", password: "bob-demo-password", displayName: "Bob Reader", email: "bob@demo.example", role: "reader" },
];
const previous = args.out && existsSync(args.out) ? JSON.parse(readFileSync(args.out, "utf8")) : {};
const serviceClientId = overrides.serviceClientId ?? "demo-service";
const serviceClientSecret = overrides.serviceClientSecret ?? previous.clientSecret ?? randomBytes(32).toString("base64url");
const cliClients = overrides.cliClients ?? [{ clientId: "marketplace-cli" }];
const cliClient = (clientId) => cliClients.find((c) => c.clientId === clientId);

const provider = new Provider(issuer, {
  jwks: loadKeys(args.keys),
  clients: [
    {
      client_id: serviceClientId,
      client_secret: serviceClientSecret,
      grant_types: ["client_credentials"],
      redirect_uris: [],
      response_types: [],
    },
    {
      // The console (a browser app): authorization code with PKCE, no secret.
      client_id: "marketplace-console",
      application_type: "web",
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      redirect_uris: [`${consoleOrigin}/authentication/login-callback`],
      post_logout_redirect_uris: [`${consoleOrigin}/authentication/logout-callback`],
    },
    // The CLI: a native app, so any loopback port matches (RFC 8252 §7.3), and the device flow.
    ...cliClients.map(({ clientId }) => ({
      client_id: clientId,
      application_type: "native",
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code"],
      response_types: ["code"],
      redirect_uris: ["http://127.0.0.1/callback"],
    })),
  ],
  async findAccount(_ctx, id) {
    const user = users.find((u) => u.name === id);
    if (!user) return undefined;
    return { accountId: user.name, claims: async () => ({ sub: user.name, name: user.displayName, email: user.email, email_verified: true }) };
  },
  // Access tokens carry the user's name and email (as Entra ID's do), so the API needs no userinfo call.
  async extraTokenClaims(_ctx, token) {
    const user = token.accountId && users.find((u) => u.name === token.accountId);
    return user ? { name: user.displayName, email: user.email } : undefined;
  },
  claims: { openid: ["sub"], profile: ["name"], email: ["email", "email_verified"] },
  scopes: ["openid", "profile", "email", "offline_access"],
  pkce: { required: () => true },
  // A native client keeps the user signed in with a refresh token without asking for offline_access consent, which
  // this provider's interaction (login only, no consent screen) could never grant on the authorization-code path.
  issueRefreshToken: async (_ctx, client, code) =>
    client.grantTypeAllowed("refresh_token") && (client.applicationType === "native" || code.scopes.has("offline_access")),
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    deviceFlow: { enabled: true },
    revocation: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo(_ctx, indicator, client) {
        // The API and, for MCP clients that name it (RFC 9728), its /mcp endpoint: each is its own audience.
        if (indicator !== resource && indicator !== `${resource}/mcp`) throw new errors.InvalidTarget();
        return { scope, audience: indicator, accessTokenFormat: "jwt", accessTokenTTL: cliClient(client.clientId)?.accessTokenTTL ?? 3600, jwt: { sign: { alg: "RS256" } } };
      },
    },
  },
  // First-party clients: no consent screen; the grant covers sign-in scopes and the API.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    return firstPartyGrant(ctx.oidc.provider, ctx.oidc.client.clientId, ctx.oidc.session.accountId, grantId);
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  // A resource server's own lifetime (a brief CLI client in the tests) wins over the default hour.
  ttl: { AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 3600, AuthorizationCode: 300, DeviceCode: (_ctx, _code, client) => cliClient(client.clientId)?.deviceCodeTTL ?? 600, Grant: 86400, IdToken: 3600, Interaction: 600, RefreshToken: 86400, Session: 86400 },
  cookies: { keys: [randomBytes(32).toString("base64url")] },
});
provider.proxy = false;

const oidc = provider.callback();
const server = createServer(async (req, res) => {
  const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(new URL(req.url, issuer).pathname);
  if (!match) return oidc(req, res);
  try {
    if (req.method === "GET" && !match[2]) {
      const details = await provider.interactionDetails(req, res);
      // oidc-provider asks native clients (the CLI) for consent every time, as another app could claim a loopback
      // redirect (RFC 8252 §8.6); the CLI is first-party, so the consent is given here without a screen.
      if (details.prompt.name === "consent") {
        const grant = await firstPartyGrant(provider, details.params.client_id, details.session.accountId, details.grantId);
        return await provider.interactionFinished(req, res, { consent: { grantId: grant.jti } }, { mergeWithLastSubmission: true });
      }
      return loginPage(res, match[1], details);
    }
    if (req.method === "POST" && match[2]) {
      const form = new URLSearchParams(await readBody(req));
      const user = users.find((u) => u.name === form.get("login") && u.password === form.get("password"));
      if (!user) return loginPage(res, match[1], await provider.interactionDetails(req, res), "Wrong user name or password.");
      return await provider.interactionFinished(req, res, { login: { accountId: user.name } }, { mergeWithLastSubmission: false });
    }
    res.writeHead(405).end();
  } catch (error) {
    res.writeHead(400, { "content-type": "text/plain" }).end(`Sign-in failed: ${error.message}`);
  }
});

server.listen(port, "127.0.0.1", () => {
  if (args.out) {
    const summary = {
      issuer,
      clientId: serviceClientId,
      clientSecret: serviceClientSecret,
      scope,
      resource,
      tokenEndpoint: `${issuer}/token`,
      consoleClientId: "marketplace-console",
      cliClientId: "marketplace-cli",
      users: users.map(({ name, password, displayName, email, role }) => ({ name, password, displayName, email, role, subject: name })),
    };
    writeFileSync(args.out, JSON.stringify(summary, null, 2) + "\n", { mode: 0o600 });
  }
  console.log(`oidc-provider listening on ${issuer} (resource ${resource})`);
});

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));

async function firstPartyGrant(provider, clientId, accountId, grantId) {
  if (grantId) {
    const existing = await provider.Grant.find(grantId);
    if (existing) return existing;
  }
  const grant = new provider.Grant({ clientId, accountId });
  grant.addOIDCScope("openid profile email offline_access");
  grant.addResourceScope(resource, scope);
  grant.addResourceScope(`${resource}/mcp`, scope);
  await grant.save();
  return grant;
}

function loginPage(res, uid, details, error) {
  const client = escapeHtml(details.params.client_id ?? "");
  res.writeHead(error ? 401 : 200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head><body>
<h1>Sign in to the marketplace</h1><p>Client: ${client}</p>${error ? `<p role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/interaction/${uid}/login" autocomplete="off">
<label>User <input name="login" required autofocus></label>
<label>Password <input name="password" type="password" required></label>
<button type="submit">Sign in</button></form></body></html>`);
}

function loadKeys(path) {
  if (path && existsSync(path)) return JSON.parse(readFileSync(path, "utf8"));
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwks = { keys: [{ ...privateKey.export({ format: "jwk" }), kid: randomBytes(8).toString("hex"), use: "sig", alg: "RS256" }] };
  if (path) writeFileSync(path, JSON.stringify(jwks), { mode: 0o600 });
  return jwks;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => {
      body += chunk;
      if (body.length > 16384) reject(new Error("form too large"));
    });
    req.on("end", () => resolve(body)).on("error", reject);
  });
}

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function parseArgs(argv) {
  const parsed = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith("--")) throw new Error(`Unexpected argument ${argv[i]}`);
    parsed[argv[i].slice(2)] = argv[i + 1];
    i++;
  }
  return parsed;
}
