// What the console's OpenID sign-in (oidc-client inside Microsoft.AspNetCore.Components.WebAssembly.Authentication)
// cannot be told through its JSON options, added where it creates its user manager:
// - the signed-in user's tokens live in this page's memory, not in the browser's storage (oidc-client's default is
//   sessionStorage), so no script reading storage later finds them; a reload signs in again silently at the issuer;
// - the sign-in's own short-lived state (PKCE verifier, nonce) stays in the library's default store (local storage,
//   removed when the sign-in completes; no token in it): the hidden frame of a silent renewal reads it there before
//   this script runs in that frame;
// - no userinfo call: the access token is for the marketplace API (its audience), which the issuer's userinfo
//   endpoint rightly refuses (with Entra ID too: userinfo is Microsoft Graph's); the API's /api/me names the user.
(() => {
  const service = window.AuthenticationService;
  if (!service) return;

  // oidc-client's store interface (get, set, remove returning the removed value, getAllKeys), over a Map.
  const items = new Map();
  const userStore = {
    async set(key, value) { items.set(key, value); },
    async get(key) { return items.get(key) ?? null; },
    async remove(key) {
      const value = items.get(key) ?? null;
      items.delete(key);
      return value;
    },
    async getAllKeys() { return [...items.keys()]; },
  };

  const create = service.createUserManagerCore.bind(service);
  service.createUserManagerCore = (settings) => create({ ...settings, userStore, loadUserInfo: false });
})();
