// Keeps the signed-in user's tokens in this page's memory instead of the browser's storage (oidc-client's default is
// sessionStorage), so no script reading storage later finds them. A reload signs in again silently at the issuer.
// The sign-in's own state (PKCE verifier, nonce) must outlive the redirect to the issuer: it stays in sessionStorage,
// never localStorage, and is removed when the sign-in completes. The library's options arrive as JSON, which cannot
// carry a store object, so the stores are added where it creates its user manager.
(() => {
  const service = window.AuthenticationService;
  if (!service) return;

  class Store {
    constructor(backing) { this.backing = backing; }
    async set(key, value) { this.backing.setItem("oidc." + key, value); }
    async get(key) { return this.backing.getItem("oidc." + key); }
    async remove(key) {
      const value = this.backing.getItem("oidc." + key);
      this.backing.removeItem("oidc." + key);
      return value;
    }
    async getAllKeys() {
      const keys = [];
      for (let i = 0; i < this.backing.length; i++) {
        const key = this.backing.key(i);
        if (key.startsWith("oidc.")) keys.push(key.slice(5));
      }
      return keys;
    }
  }

  class Memory {
    constructor() { this.items = new Map(); }
    get length() { return this.items.size; }
    key(i) { return [...this.items.keys()][i] ?? null; }
    getItem(key) { return this.items.has(key) ? this.items.get(key) : null; }
    setItem(key, value) { this.items.set(key, String(value)); }
    removeItem(key) { this.items.delete(key); }
  }

  const userStore = new Store(new Memory());
  const stateStore = new Store(window.sessionStorage);
  const create = service.createUserManagerCore.bind(service);
  service.createUserManagerCore = (settings) => create({ ...settings, userStore, stateStore });
})();
