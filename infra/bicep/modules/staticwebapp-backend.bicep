// Links the Functions app to the console's Static Web App as its backend: the site forwards /api/* to the app on its
// own origin. A module of its own because the app's CORS names the site's host, so the site exists before the app
// and the link after both.
param staticSiteName string
param functionAppId string
param functionAppLocation string

resource site 'Microsoft.Web/staticSites@2024-04-01' existing = { name: staticSiteName }

resource backend 'Microsoft.Web/staticSites/linkedBackends@2024-04-01' = {
  parent: site
  name: 'functions'
  properties: {
    backendResourceId: functionAppId
    region: functionAppLocation
  }
}
