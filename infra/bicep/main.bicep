targetScope = 'resourceGroup'

@description('Environment name, part of every resource name (dev, prod, …).')
param environmentName string

@description('Azure region for every resource.')
param location string

@description('Short prefix for resource names.')
@minLength(3)
@maxLength(12)
param namePrefix string

@description('Images of the sample agents, e.g. myregistry.azurecr.io/text-analyst:1.0.')
param textAnalystImage string
param unitConverterImage string

@description('Always-ready instances for the Durable Functions group (orchestrations and activities).')
param alwaysReadyDurable int = 1

param maximumInstanceCount int = 100
param agentMinReplicas int = 0
param keyVaultPurgeProtection bool = true

var tags = { application: 'agent-marketplace', environment: environmentName }
var base = toLower('${namePrefix}${environmentName}')
var suffix = uniqueString(resourceGroup().id, environmentName)

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: { name: '${base}-id', location: location, tags: tags }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: { name: take('${base}st${suffix}', 24), location: location, tags: tags }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: { namePrefix: base, location: location, tags: tags }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: { name: '${base}-cosmos-${suffix}', location: location, tags: tags }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: { name: '${base}-bus-${suffix}', location: location, tags: tags }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: { name: take('${base}kv${suffix}', 24), location: location, tags: tags, purgeProtection: keyVaultPurgeProtection }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: { name: take('${base}acr${suffix}', 50), location: location, tags: tags }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  params: {
    principalId: identity.outputs.principalId
    storageName: storage.outputs.name
    serviceBusName: serviceBus.outputs.name
    keyVaultName: keyVault.outputs.name
    registryName: take('${base}acr${suffix}', 50)
    insightsName: '${base}-insights'
    cosmosName: cosmos.outputs.name
  }
  dependsOn: [ registry, monitoring ]
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: '${base}-func-${suffix}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    appInsightsConnectionString: monitoring.outputs.connectionString
    cosmosEndpoint: cosmos.outputs.endpoint
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    keyVaultUri: keyVault.outputs.uri
    alwaysReadyDurable: alwaysReadyDurable
    maximumInstanceCount: maximumInstanceCount
  }
  dependsOn: [ rbac ]
}

module agents 'modules/containerapps.bicep' = {
  name: 'agents'
  params: {
    namePrefix: base
    location: location
    tags: tags
    identityId: identity.outputs.id
    workspaceId: monitoring.outputs.workspaceId
    registryServer: registry.outputs.loginServer
    minReplicas: agentMinReplicas
    agents: [
      { name: '${base}-text-analyst', image: textAnalystImage }
      { name: '${base}-unit-converter', image: unitConverterImage }
    ]
  }
  dependsOn: [ rbac ]
}

output functionAppName string = functionApp.outputs.name
output marketplaceUrl string = 'https://${functionApp.outputs.defaultHostName}'
output keyVaultName string = keyVault.outputs.name
output registryLoginServer string = registry.outputs.loginServer
output agentUrls array = agents.outputs.agentUrls
output identityClientId string = identity.outputs.clientId
