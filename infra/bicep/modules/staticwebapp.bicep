// The browser console: an Azure Static Web App (Standard) serving the published Blazor WebAssembly files from its
// edge. Its content is uploaded by the deployment step (artifacts/console/wwwroot), not built from a repository.
param name string
@description('Static Web Apps run in a few regions only; the edge serves the files worldwide.')
@allowed([ 'westus2', 'centralus', 'eastus2', 'westeurope', 'eastasia' ])
param location string
param tags object

resource site 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  // Standard: linked backends (the Functions app behind /api) are not offered on the Free plan.
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {
    stagingEnvironmentPolicy: 'Enabled'
    allowConfigFileUpdates: true
    publicNetworkAccess: 'Enabled'
    buildProperties: { skipGithubActionWorkflowGeneration: true }
  }
}

output id string = site.id
output name string = site.name
output defaultHostName string = site.properties.defaultHostname
