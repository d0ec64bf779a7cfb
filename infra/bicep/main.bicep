// The whole marketplace platform in one resource group: identities, storage, the Function App (Flex Consumption),
// Cosmos DB, Service Bus, Key Vault, monitoring, the container registry and the sample agents on Container Apps.
// Access is by managed identity and role assignment only; no key, password or connection string with a secret is
// created, passed or output. Validate offline with scripts/validate-infra.sh.
targetScope = 'resourceGroup'

@description('Environment name, part of every resource name.')
@allowed([ 'dev', 'test', 'prod' ])
param environmentName string

@description('Azure region for every resource.')
param location string

@description('Short prefix for resource names (lowercase letters and digits).')
@minLength(3)
@maxLength(10)
param namePrefix string

@description('Sample agent images as repository:tag in the platform\'s registry (pushed with `az acr build`).')
param textAnalystImage string
param unitConverterImage string

@description('Deploy the sample agents. False for the very first deployment, before their images are in the registry.')
param deployAgents bool = true

@description('Minimum replicas of each sample agent (0 lets them scale to zero).')
@minValue(0)
@maxValue(10)
param agentMinReplicas int

@description('Always-ready instances for the Durable Functions group (orchestrations and activities).')
@minValue(0)
@maxValue(20)
param alwaysReadyDurable int

@description('Upper bound of Function App instances.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of each Function App instance.')
@allowed([ 512, 2048, 4096 ])
param instanceMemoryMB int = 2048

@description('Key Vault purge protection (cannot be turned off again once on).')
param keyVaultPurgeProtection bool

@description('Log Analytics and Application Insights retention.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Public address of the marketplace when it has a custom domain; empty uses the app\'s default host name.')
param publicBaseUrl string = ''

@description('HTTP address of the Neo4j server for the knowledge graph (Aura or self-hosted); its password goes in the vault as neo4j-password. Empty: each instance keeps an embedded graph in its temporary storage.')
param neo4jUri string = ''

@description('Neo4j user, when neo4jUri is set.')
param neo4jUser string = 'neo4j'

@description('OpenID Connect authority whose tokens every API accepts: https://login.microsoftonline.com/<directory id>/v2.0 (single-tenant) or https://login.microsoftonline.com/organizations/v2.0 (multi-tenant). Empty: API keys only.')
param signInAuthority string = ''

@description('Client id of the marketplace API\'s Entra ID app registration (see docs/identity.md).')
param signInClientId string = ''

@description('Audience the API\'s access tokens carry; empty: the client id (Entra ID v2 tokens carry it as aud).')
param signInAudience string = ''

@description('Scope a client asks for to call the API, published in /.well-known/oauth-protected-resource for the CLI and MCP clients: api://<API client id>/access_as_user. Empty: none published.')
param signInScope string = ''

@description('Multi-tenant authority only: the directory ids (tid) whose users and services may sign in; empty: any directory (memberships still decide what each may do).')
param signInAllowedTenants array = []

@description('Client id of the console\'s single-page-application registration; empty: the console offers API-key sign-in only.')
param consoleClientId string = ''

@description('What the console asks for at sign-in, space-separated: openid profile email api://<API client id>/access_as_user.')
param consoleScopes string = 'openid profile email'

@description('Addresses or networks (10.0.0.0/16) of reverse proxies in front of the app whose X-Forwarded-For the audit log believes; empty: the connection\'s own address.')
param trustedProxies array = []

@description('Region of the console\'s Static Web App (a region that offers Static Web Apps).')
@allowed([ 'westus2', 'centralus', 'eastus2', 'westeurope', 'eastasia' ])
param consoleLocation string = 'westeurope'

var tags = { application: 'agent-marketplace', environment: environmentName }
var base = toLower('${namePrefix}${environmentName}')
var suffix = uniqueString(resourceGroup().id, environmentName)

// Names the code and the deployment guide rely on.
var deploymentContainerName = 'deployments'
var cosmosDatabaseName = 'marketplace'
var taskHubName = 'marketplace'
var adminKeySecretName = 'marketplace-admin-key'
var pushSigningKeySecretName = 'push-signing-key'
var webhookSecretKeySecretName = 'webhook-secret-key'
var neo4jPasswordSecretName = 'neo4j-password'

module appIdentity 'modules/identity.bicep' = {
  name: 'identity-app'
  params: { name: '${base}-app-id', location: location, tags: tags }
}

module agentsIdentity 'modules/identity.bicep' = {
  name: 'identity-agents'
  params: { name: '${base}-agents-id', location: location, tags: tags }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: { name: take('${base}st${suffix}', 24), location: location, tags: tags, deploymentContainerName: deploymentContainerName }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: { namePrefix: base, location: location, tags: tags, retentionInDays: logRetentionDays }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: { name: '${base}-cosmos-${suffix}', location: location, tags: tags, databaseName: cosmosDatabaseName }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: { name: '${base}-bus-${suffix}', location: location, tags: tags }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: take('${base}kv${suffix}', 24)
    location: location
    tags: tags
    purgeProtection: keyVaultPurgeProtection
    workspaceId: monitoring.outputs.workspaceId
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: { name: take('${base}acr${suffix}', 50), location: location, tags: tags }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  params: {
    appPrincipalId: appIdentity.outputs.principalId
    agentsPrincipalId: agentsIdentity.outputs.principalId
    storageName: storage.outputs.name
    serviceBusName: serviceBus.outputs.name
    keyVaultName: keyVault.outputs.name
    registryName: registry.outputs.name
    insightsName: monitoring.outputs.insightsName
    cosmosName: cosmos.outputs.name
    cosmosDatabaseName: cosmos.outputs.databaseName
  }
}

module console 'modules/staticwebapp.bicep' = {
  name: 'console'
  params: { name: '${base}-console-${suffix}', location: consoleLocation, tags: tags }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: '${base}-func-${suffix}'
    location: location
    tags: tags
    identityId: appIdentity.outputs.id
    identityClientId: appIdentity.outputs.clientId
    storageName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    insightsName: monitoring.outputs.insightsName
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmos.outputs.databaseName
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    keyVaultUri: keyVault.outputs.uri
    adminKeySecretName: adminKeySecretName
    pushSigningKeySecretName: pushSigningKeySecretName
    webhookSecretKeySecretName: webhookSecretKeySecretName
    neo4jUri: neo4jUri
    neo4jUser: neo4jUser
    neo4jPasswordSecretName: neo4jPasswordSecretName
    taskHubName: taskHubName
    publicBaseUrl: publicBaseUrl
    signInAuthority: signInAuthority
    signInClientId: signInClientId
    signInAudience: signInAudience
    signInScope: signInScope
    signInAllowedTenants: signInAllowedTenants
    consoleClientId: consoleClientId
    consoleScopes: consoleScopes
    trustedProxies: trustedProxies
    alwaysReadyDurable: alwaysReadyDurable
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    corsAllowedOrigins: [ 'https://${console.outputs.defaultHostName}' ]
  }
  // The app starts with its data-plane access in place (deployment package, task hub, Key Vault references).
  dependsOn: [ rbac ]
}

module consoleBackend 'modules/staticwebapp-backend.bicep' = {
  name: 'console-backend'
  params: { staticSiteName: console.outputs.name, functionAppId: functionApp.outputs.id, functionAppLocation: location }
}

module agents 'modules/containerapps.bicep' = if (deployAgents) {
  name: 'agents'
  params: {
    namePrefix: base
    location: location
    tags: tags
    identityId: agentsIdentity.outputs.id
    workspaceId: monitoring.outputs.workspaceId
    registryName: registry.outputs.name
    minReplicas: agentMinReplicas
    maxReplicas: 3
    agents: [
      { name: '${base}-text-analyst', image: textAnalystImage }
      { name: '${base}-unit-converter', image: unitConverterImage }
    ]
  }
  // Image pulls need AcrPull first.
  dependsOn: [ rbac ]
}

// Names, endpoints and ids only.
output functionAppName string = functionApp.outputs.name
output marketplaceUrl string = empty(publicBaseUrl) ? 'https://${functionApp.outputs.defaultHostName}' : publicBaseUrl
output consoleUrl string = 'https://${console.outputs.defaultHostName}'
// What the deployment step writes into the published console's appsettings.json as Console:ApiBaseUrl.
output consoleApiBaseUrl string = 'https://${functionApp.outputs.defaultHostName}/'
output appIdentityClientId string = appIdentity.outputs.clientId
output storageAccountName string = storage.outputs.name
output cosmosEndpoint string = cosmos.outputs.endpoint
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace
output keyVaultName string = keyVault.outputs.name
output keyVaultSecretNames array = [ adminKeySecretName, pushSigningKeySecretName, webhookSecretKeySecretName ]
output registryName string = registry.outputs.name
output registryLoginServer string = registry.outputs.loginServer
output agentUrls array = deployAgents ? agents!.outputs.agentUrls : []
